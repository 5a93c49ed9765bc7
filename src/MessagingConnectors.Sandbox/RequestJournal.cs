using System.Collections.Concurrent;

namespace MessagingConnectors.Sandbox;

/// <summary>One request exactly as a sandbox received it.</summary>
public sealed record RecordedRequest(
    string Provider,
    string Method,
    string Path,
    string QueryString,
    string? Authorization,
    string? ContentType,
    string Body,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset At);

/// <summary>Every request the sandboxes received, in order, so tests can assert the exact upstream call.</summary>
public sealed class RequestJournal
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public void Add(RecordedRequest request) => _requests.Enqueue(request);

    public void Clear() => _requests.Clear();

    public IReadOnlyList<RecordedRequest> For(string provider, string method, string pathSuffix) =>
        Requests.Where(r => r.Provider == provider && r.Method == method && r.Path.EndsWith(pathSuffix, StringComparison.Ordinal)).ToList();
}
