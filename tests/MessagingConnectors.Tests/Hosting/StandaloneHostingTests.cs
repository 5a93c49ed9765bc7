using MessagingConnectors.Hosting;
using Microsoft.AspNetCore.Builder;

namespace MessagingConnectors.Tests.Hosting;

public class StandaloneHostingTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://LOCALHOST:5000/")]
    [InlineData("https://127.0.0.1")]
    [InlineData("http://127.0.0.2:8080")]
    [InlineData("http://[::1]:80")]
    [InlineData("http://[::1]")]
    public void IsLoopback_True(string url) => Assert.True(StandaloneHosting.IsLoopback(url));

    [Theory]
    [InlineData("http://0.0.0.0:80")]
    [InlineData("http://*:80")]
    [InlineData("http://+:80")]
    [InlineData("http://10.0.0.5:80")]
    [InlineData("http://[::]:80")]
    [InlineData("http://example.com:80")]
    [InlineData("http://localhost.example.com:80")]
    public void IsLoopback_False(string url) => Assert.False(StandaloneHosting.IsLoopback(url));

    private static WebApplication Build(params (string Key, string Value)[] settings) =>
        MessagingConnectorsApp.Build([], b =>
        {
            // Neutralise anything the environment may carry, then apply the case's settings.
            b.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
            b.Configuration["Auth:ApiKey"] = "";
            b.Configuration["ASPNETCORE_URLS"] = "";
            b.Configuration["urls"] = "";
            foreach (var (key, value) in settings)
            {
                b.Configuration[key] = value;
            }
        });

    [Fact]
    public void OpenUrl_WithoutApiKey_RefusesToStart()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Build(("urls", "http://0.0.0.0:5000")));
        Assert.Contains("Auth__ApiKey", e.Message, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0:5000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneOpenUrlAmongLoopbackOnes_RefusesToStart()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Build(("urls", "http://127.0.0.1:5000;http://*:5001")));
        Assert.Contains("*:5001", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpPorts_WithoutApiKey_RefusesToStart() =>
        Assert.Throws<InvalidOperationException>(() => Build(("http_ports", "8080")));

    [Fact]
    public void OpenUrl_WithApiKey_Builds()
    {
        using var app = (IDisposable)Build(("urls", "http://0.0.0.0:5000"), ("Auth:ApiKey", "s3cret"));
    }

    [Fact]
    public void LoopbackUrl_WithoutApiKey_Builds()
    {
        using var app = (IDisposable)Build(("urls", "http://127.0.0.1:5000;http://localhost:5001"));
    }
}
