using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MessagingConnectors.IntegrationTests.Reliability;

/// <summary>
/// Every log line of every app the integration suite starts (in-process TestApps through LogSink,
/// child processes through their console), so one scan can prove no secret was ever logged.
/// </summary>
public static class SuiteLogs
{
    private static readonly ConcurrentQueue<string> Lines = new();

    public static void Add(string line) => Lines.Enqueue(line);

    public static IReadOnlyCollection<string> All => Lines;

    /// <summary>Lines holding a known secret, or a receiver secret or credential header by its shape.</summary>
    public static IReadOnlyList<(string Secret, string Line)> Leaks(IEnumerable<string> lines)
    {
        var leaks = new List<(string, string)>();
        foreach (var line in lines)
        {
            foreach (var secret in KnownSecrets.Values)
            {
                if (line.Contains(secret, StringComparison.Ordinal))
                {
                    leaks.Add((secret, line));
                }
            }

            foreach (var pattern in KnownSecrets.Patterns)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    leaks.Add((match.Value, line));
                }
            }
        }

        return leaks;
    }
}

/// <summary>The credentials, tokens, keys, pins and secrets the tests use.</summary>
public static class KnownSecrets
{
    public const string FunctionKey = "reliability-function-key-7f3a";

    public static readonly string[] Values =
    [
        "sandbox-api-key", Convert.ToBase64String("sandbox:sandbox-api-key"u8.ToArray()),
        "sandbox-token", "sandbox-password", "sandbox-clipsan-key",
        "wrong-token-secret", "wrong-key", "function-key-secret-42", "app-key-123", FunctionKey,
        // Clipsan pins (birth numbers) the tests send.
        "521223115", "7360285163", "736028/5163", "665317107",
        // More to look for, e.g. real credentials a CI run uses: RELIABILITY_EXTRA_SECRETS=one,two
        .. (Environment.GetEnvironmentVariable("RELIABILITY_EXTRA_SECRETS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    ];

    /// <summary>Receiver secrets are random: recognise them, and credential headers, by shape.</summary>
    public static readonly Regex[] Patterns =
    [
        new("secret=[A-Za-z0-9_%-]{20,}", RegexOptions.Compiled),
        new("(Basic|Bearer) (?=[A-Za-z0-9+/=._-]*[0-9=])[A-Za-z0-9+/=._-]{12,}", RegexOptions.Compiled),
    ];
}

public static class ReliabilityArtifacts
{
    public static string Directory { get; } = Path.Combine(Infrastructure.RepoPaths.Root, "artifacts", "reliability");

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string name, JsonNode content)
    {
        System.IO.Directory.CreateDirectory(Directory);
        content.AsObject()["generated_at"] = DateTimeOffset.UtcNow.ToString("u", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(Directory, name), content.ToJsonString(Indented));
    }
}
