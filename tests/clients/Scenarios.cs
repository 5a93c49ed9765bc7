using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;

namespace ClientDrivers;

/// <summary>
/// What a driver of a generated client prints: one JSON line per scenario with the HTTP status and a value read from the
/// typed answer, which GeneratedClientsTests compares with what the app on its sandboxes must answer. A scenario that
/// throws is reported with status -1 and the exception, so one broken call does not hide the others.
/// </summary>
public static class Scenarios
{
    public const string ClickSendUsername = "sandbox";
    public const string ClickSendApiKey = "sandbox-api-key";
    public const string SerwerSmsToken = "sandbox-token";
    public const string ClipsanKey = "sandbox-clipsan-key";

    /// <summary>A small PDF the app recognises from its bytes.</summary>
    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    private static int _keys;

    /// <summary>A fresh Idempotency-Key per send, so no send replays another.</summary>
    public static string NewKey(string driver) => $"{driver}-{Environment.ProcessId}-{Interlocked.Increment(ref _keys)}";

    /// <summary>Provider credentials as the app reads them from headers (the document's security covers the function key only).</summary>
    public static HttpClient Credentialed(HttpClient http, string clickSendApiKey = ClickSendApiKey)
    {
        http.Timeout = TimeSpan.FromSeconds(60);
        http.DefaultRequestHeaders.Add("X-ClickSend-Username", ClickSendUsername);
        http.DefaultRequestHeaders.Add("X-ClickSend-ApiKey", clickSendApiKey);
        http.DefaultRequestHeaders.Add("X-SerwerSMS-Token", SerwerSmsToken);
        http.DefaultRequestHeaders.Add("X-Clipsan-Key", ClipsanKey);
        return http;
    }

    /// <summary>
    /// Asks again, a quarter of a second apart, until <paramref name="done"/> holds (a delivery status that is final) or
    /// 20 seconds have passed; the last answer. The sandboxes report a delivery a moment after the send.
    /// </summary>
    public static async Task<T> Poll<T>(Func<Task<T>> ask, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var answer = await ask();
            if (done(answer) || DateTime.UtcNow > deadline)
            {
                return answer;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>A generated enum's value as the document spells it (its <c>EnumMember</c>), e.g. <c>delivered</c>.</summary>
    public static string? Wire(Enum? value) =>
        value is null ? null : value.GetType().GetField(value.ToString())?.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? value.ToString();

    public static void Report(string scenario, int status, object? value) =>
        Console.WriteLine(JsonSerializer.Serialize(new { scenario, status, value }));

    public static async Task Run(string scenario, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e)
        {
            Report(scenario, -1, e.GetType().Name + ": " + e.Message);
        }
    }
}
