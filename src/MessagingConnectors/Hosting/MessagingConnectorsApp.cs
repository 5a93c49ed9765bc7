using MessagingConnectors.ClickSend;
using MessagingConnectors.Idempotency;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Storage;

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
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default);
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
        services.AddClickSend();
        services.AddApiDocuments();
        return services;
    }

    public static WebApplication UseMessagingConnectors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<BodySizeLimitMiddleware>();

        // The Functions host polls GET / until the handler answers; it is not a function.
        app.MapGet("/", () => TypedResults.Ok("Messaging Connectors")).WithMetadata(new NotAFunctionMetadata()).ExcludeFromDescription();
        app.MapHealthApi();
        app.MapClickSendApi();
        app.MapApiDocuments();
        return app;
    }
}
