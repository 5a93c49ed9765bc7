using System.Text.Json.Nodes;
using MessagingConnectors.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace MessagingConnectors.Tests.Hosting;

public class FunctionTableTests
{
    [Theory]
    [InlineData("/api/clicksend/sms/send", "clicksend/sms/send")]
    [InlineData("api/health", "health")]
    [InlineData("/api/clicksend/lists/{list_id}/contacts", "clicksend/lists/{list_id}/contacts")]
    [InlineData("/api/swagger/ui/{**asset}", "swagger/ui/{*asset}")]
    [InlineData("/api/files/{*path}", "files/{*path}")]
    public void FunctionRoute_DropsTheApiPrefix(string pattern, string expected) =>
        Assert.Equal(expected, FunctionTable.FunctionRoute(RoutePatternFactory.Parse(pattern)));

    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/api")]
    [InlineData("/apis/health")]
    [InlineData("/API/health")]
    [InlineData("/v1/api/health")]
    public void FunctionRoute_OutsideApi_Throws(string pattern) =>
        Assert.Throws<InvalidOperationException>(() => FunctionTable.FunctionRoute(RoutePatternFactory.Parse(pattern)));

    [Fact]
    public void From_TheRealApp_HasAFunctionPerEndpoint()
    {
        var app = MessagingConnectorsApp.Build([], b => b.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true");
        try
        {
            var sources = ((IEndpointRouteBuilder)app).DataSources;
            var endpoints = sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();
            var functions = FunctionTable.From(app);

            var probe = Assert.Single(endpoints, e => e.RoutePattern.RawText == "/");
            Assert.Equal(["GET"], probe.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods);

            var endpointNames = endpoints.Where(e => e != probe)
                .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
                .ToList();
            Assert.All(endpointNames, name => Assert.False(string.IsNullOrEmpty(name)));
            Assert.Equal(endpointNames.Order(StringComparer.Ordinal), functions.Where(f => !f.IsTimer).Select(f => f.Name));
            Assert.Equal(functions.Count, functions.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(functions.Where(f => !f.IsTimer), f =>
            {
                Assert.False(f.Route!.StartsWith('/'), f.Route);
                Assert.False(f.Route.StartsWith("api/", StringComparison.Ordinal), f.Route);
                Assert.NotEmpty(f.Methods);
            });

            var sendSms = Assert.Single(functions, f => f.Name == "SendSms");
            Assert.Equal("clicksend/sms/send", sendSms.Route);
            Assert.Equal(["POST"], sendSms.Methods);
            Assert.Equal("function", sendSms.AuthLevel);

            Assert.Equal("function", Assert.Single(functions, f => f.Name == "GetHealth").AuthLevel);

            var timer = Assert.Single(functions, f => f.IsTimer && f.Name == "DeliverInboundMessages");
            Assert.Equal("0 */1 * * * *", timer.TimerSchedule);
            Assert.Equal("0 0 * * * *", Assert.Single(functions, f => f.IsTimer && f.Name == "DeleteExpiredMedia").TimerSchedule);
            Assert.Equal("anonymous", Assert.Single(functions, f => f.Name == "ReceiveClickSendInboundSms").AuthLevel);
            Assert.Equal("anonymous", Assert.Single(functions, f => f.Name == "ReceiveClipsanContactChange").AuthLevel);

            foreach (var (name, route) in new[]
                     {
                         ("GetSwaggerDocument", "swagger.json"),
                         ("GetOpenApiV2Document", "openapi/v2.json"),
                         ("GetOpenApiV3Document", "openapi/v3.json"),
                         ("GetSwaggerUi", "swagger/ui/{*asset}"),
                     })
            {
                var function = Assert.Single(functions, f => f.Name == name);
                Assert.Equal(route, function.Route);
                Assert.Equal("anonymous", function.AuthLevel);
                Assert.Equal(["GET"], function.Methods);
            }
        }
        finally
        {
            ((IDisposable)app).Dispose();
        }
    }
}
