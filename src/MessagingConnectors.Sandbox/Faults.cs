using System.Text.Json.Serialization;

namespace MessagingConnectors.Sandbox;

/// <summary>How a sandbox misbehaves on purpose, to test what callers get when a provider does.</summary>
public enum FaultKind
{
    /// <summary>Answer with <see cref="Fault.Status"/> and the provider's error shape (with Retry-After for 429).</summary>
    Status,

    /// <summary>Wait <see cref="Fault.DelayMs"/>, then answer normally.</summary>
    Slow,

    /// <summary>200 with a body that is not JSON.</summary>
    Malformed,

    /// <summary>200 with an empty body.</summary>
    Empty,

    /// <summary>Drop the connection without an answer.</summary>
    Reset,

    /// <summary>Never answer.</summary>
    Hang,
}

public sealed record Fault(
    [property: JsonPropertyName("kind")] FaultKind Kind,
    [property: JsonPropertyName("status")] int Status = 500,
    [property: JsonPropertyName("delay_ms")] int DelayMs = 0,
    [property: JsonPropertyName("retry_after")] int? RetryAfter = null,
    [property: JsonPropertyName("count")] int? Count = null);

/// <summary>The active fault of each provider; a fault with a count wears off after that many requests.</summary>
public sealed class FaultPlan
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (Fault Fault, int? Remaining)> _faults = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string provider, Fault fault)
    {
        lock (_lock)
        {
            _faults[provider] = (fault, fault.Count);
        }
    }

    public void Clear(string? provider = null)
    {
        lock (_lock)
        {
            if (provider is null)
            {
                _faults.Clear();
            }
            else
            {
                _faults.Remove(provider);
            }
        }
    }

    public Fault? Take(string provider)
    {
        lock (_lock)
        {
            if (!_faults.TryGetValue(provider, out var entry))
            {
                return null;
            }

            if (entry.Remaining is { } remaining)
            {
                if (remaining <= 1)
                {
                    _faults.Remove(provider);
                }
                else
                {
                    _faults[provider] = (entry.Fault, remaining - 1);
                }
            }

            return entry.Fault;
        }
    }
}
