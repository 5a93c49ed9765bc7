using System.Security.Cryptography;
using System.Text.Json;
using MessagingConnectors.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MessagingConnectors.Providers;

namespace MessagingConnectors.Idempotency;

/// <summary>
/// Makes a send endpoint answer a repeated request (same key) with the first outcome instead of
/// sending again. A send that provably never reached the provider gives its key back; any other
/// outcome, failures with an unknown effect included, is kept and replayed.
/// </summary>
internal sealed partial class SendOnceFilter<TRequest>(
    IdempotencyStore store,
    IOptions<IdempotencyOptions> options,
    IOptions<JsonOptions> json,
    TimeProvider time,
    ILogger<SendOnceFilter<TRequest>> logger,
    Func<HttpContext, string> scopeOf) : IEndpointFilter where TRequest : class
{
    /// <summary>Most sends carry no key: they go straight on, with no serialisation, no hash and no await of this filter's own.</summary>
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (IdempotencyKeys.Applies(context.HttpContext.Request))
        {
            foreach (var argument in context.Arguments)
            {
                if (argument is TRequest request)
                {
                    return SendOnceAsync(context, next, request);
                }
            }
        }

        return next(context);
    }

    private async ValueTask<object?> SendOnceAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, TRequest request)
    {
        var http = context.HttpContext;
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(
            JsonSerializer.SerializeToUtf8Bytes(request, json.Value.SerializerOptions.GetTypeInfo(typeof(TRequest)))));
        var key = IdempotencyKeys.From(http.Request, bodyHash, out var keyProblem);
        if (keyProblem is not null)
        {
            return Problems.Validation(IdempotencyKeys.Header, keyProblem);
        }

        if (key is not { } idempotencyKey)
        {
            return await next(context);
        }

        var operation = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? http.Request.Path.Value!;
        var rowKey = IdempotencyKeys.RowKey(scopeOf(http), idempotencyKey.Value);
        var cancellationToken = http.RequestAborted;

        var claim = await store.ClaimAsync(operation, rowKey, bodyHash, cancellationToken);
        var deadline = time.GetUtcNow().AddSeconds(options.Value.WaitSeconds);
        while (claim is IdempotencyStore.InProgress { Abandoned: false } && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            claim = await store.ReadAsync(operation, rowKey, cancellationToken) ?? await store.ClaimAsync(operation, rowKey, bodyHash, cancellationToken);
        }

        switch (claim)
        {
            case IdempotencyStore.Completed completed when completed.BodyHash != bodyHash:
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, Problems.Types.IdempotencyKeyReused,
                    "The idempotency key was used with a different body",
                    $"This {IdempotencyKeys.Header} was first used with another request body; use a new key for a new request.");
            case IdempotencyStore.Completed completed:
                http.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
                LogReplayed(logger, operation);
                return completed.Response;
            case IdempotencyStore.InProgress { Abandoned: true }:
                return Problems.Create(StatusCodes.Status409Conflict, Problems.Types.IdempotencyConflict,
                    "The outcome of the first request is unknown",
                    "A request with this key started but never recorded its outcome (the process stopped mid-send). " +
                    "It is not sent again automatically: check the provider's message history, then use a new key if needed.");
            case IdempotencyStore.InProgress:
                http.Response.Headers.RetryAfter = "1";
                return Problems.Create(StatusCodes.Status409Conflict, Problems.Types.IdempotencyConflict,
                    "A request with this key is in progress",
                    "Another request with the same key is being processed; retry shortly to get its outcome.");
        }

        var started = (IdempotencyStore.Started)claim;
        IResult result;
        try
        {
            var outcome = await next(context);
            result = outcome as IResult ?? TypedResults.Ok(outcome);
        }
        catch (Exception e) when (e is MissingCredentialsException or ProviderException { Effect: UpstreamEffect.None })
        {
            await ReleaseQuietly(operation, rowKey, started, cancellationToken);
            throw;
        }
        catch (ProviderException e)
        {
            result = ExceptionProblems.FromProvider(e);
        }

        var stored = await StoredResponse.CaptureAsync(result, http);
        try
        {
            await store.CompleteAsync(operation, rowKey, bodyHash, started.ETag, stored, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The send happened; the caller still gets its outcome. The claim stays pending, so a
            // repeat is told the outcome is unknown rather than sending twice.
            LogNotRecorded(logger, operation, e.GetType().Name);
        }

        return stored;
    }

    private async Task ReleaseQuietly(string operation, string rowKey, IdempotencyStore.Started started, CancellationToken cancellationToken)
    {
        try
        {
            await store.ReleaseAsync(operation, rowKey, started.ETag, cancellationToken);
        }
        catch (Exception e)
        {
            LogNotReleased(logger, operation, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operation}: repeated request answered from the stored outcome")]
    private static partial void LogReplayed(ILogger logger, string operation);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation}: outcome could not be recorded ({Failure}); repeats will get 409")]
    private static partial void LogNotRecorded(ILogger logger, string operation, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation}: key could not be released ({Failure})")]
    private static partial void LogNotReleased(ILogger logger, string operation, string failure);
}

public static class SendOnceEndpointExtensions
{
    /// <summary>
    /// Deduplicates this send by <c>Idempotency-Key</c> or Logic Apps run headers. <paramref name="scopeOf"/>
    /// names the account the call acts for, so two accounts never share a key.
    /// </summary>
    public static RouteHandlerBuilder SendsOnce<TRequest>(this RouteHandlerBuilder builder, Func<HttpContext, string> scopeOf)
        where TRequest : class
    {
        builder.AddEndpointFilterFactory((factoryContext, next) =>
        {
            var services = factoryContext.ApplicationServices;
            var filter = new SendOnceFilter<TRequest>(services.GetRequiredService<IdempotencyStore>(), services.GetRequiredService<IOptions<IdempotencyOptions>>(),
                services.GetRequiredService<IOptions<JsonOptions>>(), services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<SendOnceFilter<TRequest>>>(), scopeOf);
            return invocation => filter.InvokeAsync(invocation, next);
        });
        builder.WithMetadata(new SendsOnceMetadata());
        builder.ProducesProblem(StatusCodes.Status409Conflict);
        builder.ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        builder.UsesStorage();
        return builder;
    }
}

/// <summary>Marks an endpoint as idempotent by key, for the OpenAPI document's Idempotency-Key header.</summary>
public sealed class SendsOnceMetadata;
