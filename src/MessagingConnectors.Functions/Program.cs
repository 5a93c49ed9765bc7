using MessagingConnectors.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The Azure side: an isolated worker whose functions (Functions.g.cs, generated from the app's endpoint table) each
// hand their request to the app's own pipeline, the one the standalone Kestrel host runs.
var builder = FunctionsApplication.CreateBuilder(args);
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = MessagingConnectorsApp.LoggingDefaults });
builder.ConfigureFunctionsWebApplication();
// Telemetry only where it has somewhere to go (Azure sets the connection string): its registration costs startup.
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
    // Application Insights' logger keeps only warnings unless its default rule goes; the app's own levels then apply.
    builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
    {
        var warningsOnly = options.Rules.FirstOrDefault(rule =>
            rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
        if (warningsOnly is not null)
        {
            options.Rules.Remove(warningsOnly);
        }
    });
}

builder.Services.AddMessagingConnectors();
builder.Services.AddHostedService(services => services.GetRequiredService<EndpointPipeline>());
await builder.Build().RunAsync();
