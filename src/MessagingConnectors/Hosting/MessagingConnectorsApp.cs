using MessagingConnectors.ClickSend;
using MessagingConnectors.Clipsan;
using Microsoft.AspNetCore.HttpLogging;
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
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        CustomHandlerHosting.ConfigureListening(builder);
        builder.Services.AddMessagingConnectors();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMessagingConnectors();
        CustomHandlerHosting.EnsureNotOpen(app);
        return app;
    }

    public static IServiceCollection AddMessagingConnectors(this IServiceCollection services)
    {
        services.AddJsonContext(AppJsonContext.Default);
        services.UseReadableJson();
        // ASP.NET's own request lines carry the query string, where the Functions "code" key travels;
        // requests are logged by HttpLogging instead, with the path but never the query or headers.
        // The slim builder reads no appsettings.json, so framework chatter would default to Information:
        // six extra entries per request (routing, result writing, Polly), the top cost under load.
        // One single-line entry per request and per upstream call remains; the Functions host turns each line into a trace.
        services.AddLogging(logging => logging
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.Information)
            .AddFilter("Polly", LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true));
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
        services.AddSingleton<TableStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddWebhooks();
        services.AddClickSend();
        services.AddClipsan();
        services.AddSerwerSms();
        services.AddMedia();
        services.AddApiDocuments();
        return services;
    }

    public static WebApplication UseMessagingConnectors(this WebApplication app)
    {
        app.UseHttpLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => Problems.ForStatus(context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
        app.UseRouting();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<BodySizeLimitMiddleware>();

        // The Functions host polls GET / until the handler answers; it is not a function.
        app.MapGet("/", () => TypedResults.Ok("Messaging Connectors")).WithMetadata(new NotAFunctionMetadata()).ExcludeFromDescription();
        app.MapHealthApi();
        app.MapClickSendApi();
        app.MapClickSendInboundApi();
        app.MapClipsanApi();
        app.MapClipsanNotificationsApi();
        app.MapSerwerSmsApi();
        app.MapMediaApi();
        app.MapApiDocuments();
        return app;
    }
}
