namespace MessagingConnectors.Hosting;

/// <summary>
/// Work the Functions host runs on a schedule: under Azure a <c>[TimerTrigger]</c> function of the isolated worker,
/// generated from these registrations like the HTTP functions are from the endpoints. <paramref name="Schedule"/> is
/// an NCRONTAB expression (six fields, seconds first); the work returns a one-line summary for the log.
/// </summary>
public sealed record TimerFunction(string Name, string Schedule, Func<IServiceProvider, CancellationToken, Task<string>> Work);

public static class TimerFunctionServices
{
    public static IServiceCollection AddTimerFunction(this IServiceCollection services, string name, string schedule,
        Func<IServiceProvider, CancellationToken, Task<string>> work) =>
        services.AddSingleton(new TimerFunction(name, schedule, work));
}

/// <summary>Runs a registered <see cref="TimerFunction"/> by name and logs its summary.</summary>
public sealed partial class ScheduledWork(IEnumerable<TimerFunction> timers, IServiceProvider services, ILogger<ScheduledWork> logger)
{
    private readonly Dictionary<string, TimerFunction> _timers = timers.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public async Task<string> RunAsync(string name, CancellationToken cancellationToken)
    {
        var timer = _timers.GetValueOrDefault(name) ?? throw new InvalidOperationException($"No timer function is named {name}.");
        var summary = await timer.Work(services, cancellationToken);
        LogRan(logger, name, summary);
        return summary;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Timer}: {Summary}")]
    private static partial void LogRan(ILogger logger, string timer, string summary);
}
