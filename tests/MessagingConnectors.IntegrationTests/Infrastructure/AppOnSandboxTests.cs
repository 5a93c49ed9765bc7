using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>The app on Azurite calling a provider sandbox of its own, both started before each test and stopped after it.</summary>
public abstract class AppOnSandboxTests(Azurite azurite) : IAsyncLifetime
{
    protected Azurite Azurite { get; } = azurite;

    protected SandboxServer Sandbox { get; private set; } = null!;

    protected TestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxServer.StartAsync();
        App = await TestApp.StartAsync(Settings(), Configure);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    /// <summary>What a test class changes in the app's services; nothing by default.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    /// <summary>The app's settings: <see cref="TestApp.Settings"/>, plus what a test class adds.</summary>
    protected virtual Dictionary<string, string?> Settings() => TestApp.Settings(Azurite, Sandbox);
}
