using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace MessagingConnectors.Providers;

/// <summary>A provider's whole answer: read to the end, so the connection is free before the body is interpreted.</summary>
public sealed record ProviderAnswer(int Status, bool IsSuccess, HttpResponseHeaders Headers, byte[] Payload);

/// <summary>
/// One exchange with a provider, the same for every provider: send, log the answer, read the body; a failure of the
/// transport becomes a <see cref="ProviderException"/> by <see cref="UpstreamFailures.FromTransport"/>.
/// </summary>
public static partial class ProviderExchange
{
    /// <param name="operation">What the log names: a method and path, or an action; never a query, which can hold credentials.</param>
    public static async Task<ProviderAnswer> SendAsync(HttpClient http, HttpRequestMessage request, string provider, string operation,
        ILogger logger, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException
                                  && !cancellationToken.IsCancellationRequested)
        {
            LogTransportFailure(logger, provider, operation, e.GetType().Name);
            throw UpstreamFailures.FromTransport(provider, e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            // The Functions host already traces every invocation with its result, so a success adds nothing at
            // Information, while a refusal says which provider refused and how.
            var level = response.IsSuccessStatusCode ? LogLevel.Debug : LogLevel.Information;
            LogAnswer(logger, level, provider, operation, status);
            try
            {
                var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                return new ProviderAnswer(status, response.IsSuccessStatusCode, response.Headers, payload);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                throw UpstreamFailures.FromTransport(provider, e);
            }
        }
    }

    /// <summary>The provider's answer as <typeparamref name="T"/>; a body that is not that JSON is a 502 (the call may have acted).</summary>
    public static T Read<T>(ProviderAnswer answer, JsonTypeInfo<T> type, string provider)
    {
        try
        {
            return JsonSerializer.Deserialize(answer.Payload, type) ?? throw UpstreamFailures.InvalidResponse(provider, answer.Status);
        }
        catch (JsonException e)
        {
            throw UpstreamFailures.InvalidResponse(provider, answer.Status, e);
        }
    }

    /// <summary>The object without its null members: providers read a member sent as null as a value.</summary>
    public static JsonObject WithoutNulls(JsonObject value)
    {
        foreach (var key in value.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            value.Remove(key);
        }

        return value;
    }

    [LoggerMessage(Message = "{Provider} {Operation} answered {Status}")]
    private static partial void LogAnswer(ILogger logger, LogLevel level, string provider, string operation, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider} {Operation} failed: {Failure}")]
    private static partial void LogTransportFailure(ILogger logger, string provider, string operation, string failure);
}
