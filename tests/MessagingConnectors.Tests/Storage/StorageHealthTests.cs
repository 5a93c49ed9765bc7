using System.Collections.Concurrent;
using MessagingConnectors.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace MessagingConnectors.Tests.Storage;

/// <summary>Against a loopback stand-in for both storage services that holds each answer until the test lets it go.</summary>
public sealed class StorageHealthTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _storage = null!;
    private StorageHealth _health = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _storage = builder.Build();
        _storage.Run(async context =>
        {
            var service = context.Request.Path.StartsWithSegments("/tables") ? "table" : "blob";
            _requests.AddOrUpdate(service, 1, (_, n) => n + 1);
            await _release.Task;
            if (service == "table")
            {
                context.Response.ContentType = "application/json;odata=nometadata";
                await context.Response.WriteAsync("""{"value":[]}""");
            }
            else
            {
                context.Response.ContentType = "application/xml";
                await context.Response.WriteAsync("""<?xml version="1.0" encoding="utf-8"?><Properties><Last-Modified>Mon, 07 Dec 2026 10:00:00 GMT</Last-Modified></Properties>""");
            }
        });
        await _storage.StartAsync();
        var address = _storage.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var clients = new StorageClients(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                                      + $"BlobEndpoint={address}/blobs;TableEndpoint={address}/tables;",
        }).Build());
        var lifetime = new Mock<IHostApplicationLifetime>();
        lifetime.SetupGet(l => l.ApplicationStopping).Returns(CancellationToken.None);
        _health = new StorageHealth(clients, lifetime.Object);
    }

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task Callers_during_a_check_share_it_and_a_caller_after_it_starts_another()
    {
        var first = _health.CheckAsync(CancellationToken.None);
        await Task.Run(async () => { while (_requests.Count < 2) { await Task.Delay(10); } }).WaitAsync(TimeSpan.FromSeconds(10));
        var second = _health.CheckAsync(CancellationToken.None);
        var third = _health.CheckAsync(CancellationToken.None);
        _release.SetResult();

        var checks = await Task.WhenAll(first, second, third);
        Assert.All(checks, c => Assert.Same(checks[0], c));
        Assert.Equal(["blob:1", "table:1"], _requests.Select(r => $"{r.Key}:{r.Value}").Order(StringComparer.Ordinal));
        Assert.All(checks[0], c => Assert.Equal("healthy", c.Status));

        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _release.SetResult();
        await _health.CheckAsync(CancellationToken.None);
        Assert.Equal(["blob:2", "table:2"], _requests.Select(r => $"{r.Key}:{r.Value}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_caller_that_gives_up_leaves_the_check_to_the_others()
    {
        using var givesUp = new CancellationTokenSource();
        var leaving = _health.CheckAsync(givesUp.Token);
        var staying = _health.CheckAsync(CancellationToken.None);
        await givesUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);

        _release.SetResult();
        Assert.All(await staying, c => Assert.Equal("healthy", c.Status));
    }
}
