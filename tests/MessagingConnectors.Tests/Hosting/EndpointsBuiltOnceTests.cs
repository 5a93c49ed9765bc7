using MessagingConnectors.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MessagingConnectors.Tests.Hosting;

/// <summary>The endpoints are built once, whoever reads them first: the routing middleware or a warm-up through the container.</summary>
public class EndpointsBuiltOnceTests
{
    [Fact]
    public void Standalone_TheContainerAndTheRoutingReadTheSameEndpoints()
    {
        using var app = MessagingConnectorsApp.Build([], b => b.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true");
        var routed = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).ToList();
        var fromContainer = app.Services.GetRequiredService<EndpointDataSource>().Endpoints;

        Assert.True(routed.Count > 50, $"{routed.Count} endpoints");
        Assert.Equal(routed, fromContainer, ReferenceEqualityComparer.Instance);
    }

    [Fact]
    public async Task Worker_TheFirstRequestIsRoutedToTheEndpointsTheWarmUpBuilt()
    {
        // As the isolated worker: the app's services, no endpoints mapped on the host's own app, the pipeline apart.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        builder.Services.AddMessagingConnectors();
        await using var app = builder.Build();
        var pipeline = app.Services.GetRequiredService<EndpointPipeline>();
        var context = new DefaultHttpContext { RequestServices = app.Services };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/";
        context.Response.Body = new MemoryStream();

        await pipeline.RunAsync("probe", context);
        var warmedUp = app.Services.GetRequiredService<EndpointDataSource>().Endpoints;

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        var routed = context.GetEndpoint();
        Assert.NotNull(routed);
        Assert.Contains(warmedUp, endpoint => ReferenceEquals(endpoint, routed));
    }
}
