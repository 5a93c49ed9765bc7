using MessagingConnectors.ClickSend;
using MessagingConnectors.Clipsan;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.Configuration.Memory;
using MessagingConnectors.Idempotency;
using MessagingConnectors.Json;
using MessagingConnectors.Media;
using MessagingConnectors.OpenApi;
using MessagingConnectors.SerwerSms;
using MessagingConnectors.Storage;
using MessagingConnectors.Webhooks;

namespace MessagingConnectors.Hosting;

/// <summary>Builds the whole app; Program, the CLI commands and the tests all start here.</summary>
public static class MessagingConnectorsApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings come from the environment (Functions app settings): no appsettings.json to watch for changes,
        // and the watchers would cost startup time and a thread.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false", .. args] });
        // Defaults as the first configuration source, so app settings (Logging__LogLevel__...) override them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LoggingDefaults.Concat(StandaloneLoggingDefaults) });
        StandaloneHosting.ConfigureListening(builder);
        builder.Services.AddMessagingConnectors();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMessagingConnectors();
        StandaloneHosting.EnsureNotOpen(app);
        return app;
    }

    /// <summary>
    /// The slim builder reads no appsettings.json, so without these framework chatter logs at Information: six
    /// entries per request (routing, result writing, Polly), the top cost under load. The Functions host already
    /// traces every invocation with its result and duration, so the app's own request line (HttpLogging: method,
    /// path, status, duration; never the query, where the Functions "code" key travels, nor headers) is off by
    /// default: it doubled the traces and cost an eighth of the throughput. <c>run.sh</c> turns it on.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> LoggingDefaults = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    /// <summary>The log category whose level decides whether Kestrel's host traces each request (see below).</summary>
    public const string RequestTracingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// ASP.NET Core's host starts an <see cref="System.Diagnostics.Activity"/> for every request whenever this one
    /// logger is on at any level, and every provider call under it then starts a child activity with its tags and
    /// writes a <c>traceparent</c> header: with nothing reading them, that cost a tenth of Send SMS throughput
    /// (docs/performance.md). Off, the framework still traces each request when a tracer (OpenTelemetry) listens
    /// for its activities; an app setting for this category brings the old behaviour back. Standalone only: under the
    /// Functions worker the request comes through the Functions host, which is left as Azure runs it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> StandaloneLoggingDefaults = new Dictionary<string, string?>
    {
        [$"Logging:LogLevel:{RequestTracingCategory}"] = "None",
    };

    public static IServiceCollection AddMessagingConnectors(this IServiceCollection services)
    {
        services.AddJsonContext(AppJsonContext.Default);
        services.WithoutReflectionFallback();
        services.UseReadableJson();
        // The Functions host turns each stdout line into one trace, so one entry is one line.
        services.AddLogging(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        services.AddHttpLogging(logging =>
        {
            logging.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
                                    | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            logging.CombineLogs = true;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ExceptionProblems>();
        services.AddOptions<AuthOptions>().BindConfiguration("Auth");
        services.AddOptions<IdempotencyOptions>().BindConfiguration("Idempotency");
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StorageClients>();
        services.AddSingleton<StorageHealth>();
        services.AddRouting();
        services.AddSingleton<EndpointPipeline>();
        services.AddSingleton<ScheduledWork>();
        // First of the hosted services, so its background work starts before the others and the server start.
        services.AddSingleton<StartupWarmUp>();
        services.AddHostedService(provider => provider.GetRequiredService<StartupWarmUp>());
        services.AddSingleton<TableStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddWebhooks();
        services.AddClickSend();
        services.AddClipsan();
        services.AddSerwerSms();
        services.AddMedia();
        return services;
    }

    /// <summary>
    /// The request pipeline both hosts run: Kestrel standalone (on the <see cref="WebApplication"/>), and the isolated
    /// worker through <see cref="EndpointPipeline"/> (on an application builder of its own).
    /// </summary>
    public static IApplicationBuilder UseMessagingConnectors(this IApplicationBuilder app)
    {
        app.UseHttpLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context =>
        {
            var status = context.HttpContext.Response.StatusCode;
            var problem = status switch
            {
                StatusCodes.Status400BadRequest => ExceptionProblems.UnparsedParameter(context.HttpContext) ?? Problems.ForStatus(status),
                // A body without a declared length that crossed the endpoint's limit while the framework read it.
                StatusCodes.Status413PayloadTooLarge => BodySizeLimitMiddleware.TooLarge(
                    BodySizeLimitMiddleware.Limit(context.HttpContext), context.HttpContext.Request.ContentLength),
                _ => Problems.ForStatus(status),
            };
            return problem.ExecuteAsync(context.HttpContext);
        });
        app.UseRouting();
        app.Use(EndpointPipeline.FunctionMatch);
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapMessagingConnectors();
            EndpointsBuiltOnce.Wrap(endpoints.DataSources);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapMessagingConnectors(this IEndpointRouteBuilder app)
    {
        // A readiness probe for run.sh, containers and tests; not a function.
        app.MapGet("/", () => TypedResults.Ok("Messaging Connectors")).WithMetadata(new NotAFunctionMetadata()).ExcludeFromDescription();
        // Every action, whichever provider, under the same parameter conventions.
        var api = app.MapGroup("").FollowsParameterConventions();
        api.MapHealthApi();
        api.MapClickSendApi();
        api.MapClickSendInboundApi();
        api.MapClickSendDeliveryApi();
        api.MapClickSendReceiptTriggerApi();
        api.MapClipsanApi();
        api.MapClipsanNotificationsApi();
        api.MapSerwerSmsApi();
        api.MapMediaApi();
        app.MapApiDocuments();
        return app;
    }
}
