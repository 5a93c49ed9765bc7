using System.Reflection;
using MessagingConnectors.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.Tests.Hosting;

public sealed class ParameterConventionsTests
{
    [Theory]
    [InlineData("fromQuery", "page_size")]
    [InlineData("fromRoute", "list_id")]
    [InlineData("plain", "plain")]
    public void A_parameter_is_named_as_its_binding_attribute_names_it(string declared, string expected)
    {
        var parameter = typeof(ParameterConventionsTests).GetMethod(nameof(Handler), BindingFlags.NonPublic | BindingFlags.Static)!
            .GetParameters().Single(p => p.Name == declared);
        Assert.Equal(expected, ParameterConventions.BoundName(parameter, parameter.Name!));
    }

    [Fact]
    public void A_property_bound_by_name_is_named_so_in_problems()
    {
        var property = typeof(Query).GetProperty(nameof(Query.PageSize))!;
        Assert.Equal("page_size", ParameterConventions.CallerName(property, property.Name));
    }

    private static void Handler([FromQuery(Name = "page_size")] int fromQuery, [FromRoute(Name = "list_id")] long fromRoute, [FromQuery] int plain)
    {
    }

    private sealed class Query
    {
        [FromQuery(Name = "pageSize")]
        public int PageSize { get; set; }
    }
}
