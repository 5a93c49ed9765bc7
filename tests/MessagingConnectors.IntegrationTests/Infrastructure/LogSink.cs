using System.Collections.Concurrent;

namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>Captures every log line the app writes, at every level, with its structured values and exception text.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            sink._lines.Enqueue($"{category} scope: {state}");
            Reliability.SuiteLogs.Add($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            var line = $"{logLevel} {category}: {formatter(state, exception)} | {values} | {exception}";
            sink._lines.Enqueue(line);
            Reliability.SuiteLogs.Add(line);
        }
    }
}
