namespace MessagingConnectors.Providers;

/// <summary>Settings every provider client shares: where it is and how long and often to try.</summary>
public abstract class ProviderOptions
{
    public abstract string BaseUrl { get; set; }

    /// <summary>Time-out of one upstream attempt.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>Time-out of the whole call, retries included; stays below the connector's 2-minute limit.</summary>
    public double TotalTimeoutSeconds { get; set; } = 90;

    /// <summary>Retries for reads, updates and deletes (sends are never retried blindly).</summary>
    public int MaxRetries { get; set; } = 2;
}
