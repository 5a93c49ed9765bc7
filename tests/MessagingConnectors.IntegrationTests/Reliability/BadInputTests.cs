using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using FsCheck.Fluent;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;
using Xunit.Abstractions;

namespace MessagingConnectors.IntegrationTests.Reliability;

/// <summary>
/// Sends every operation of the app's own Swagger document (so endpoints added later are covered
/// without change) a corpus of hand-picked and FsCheck-generated bad requests, with valid credentials,
/// and proves: no 5xx, every 4xx a problem, no request the app refused reached a provider, the app stays healthy.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class BadInputTests(Azurite azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private const int MinimumCases = 10_000;
    private const int Parallelism = 8;
    private SandboxServer _sandbox = null!;
    private const int FarPastEveryLimit = 8 * SwaggerCorpus.JsonLimit;
    private int _resent;
    private string? _lastResendReason;
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync();
        var settings = TestApp.WithRequestTracing(TestApp.Settings(azurite, _sandbox));
        settings["Auth:ApiKey"] = KnownSecrets.FunctionKey;
        _app = await TestApp.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    private sealed record Outcome(CorpusCase Case, string TraceId, int Status, bool IsProblem, bool FromProvider, string? Error, string Body, bool BeyondServerLimits = false);

    private static readonly int MaxRequestLine = new Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits().MaxRequestLineSize;

    [Fact]
    public async Task Every_endpoint_answers_a_generated_bad_input_corpus_with_4xx_problems_never_5xx_and_never_calls_a_provider()
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_SEED"), out var s) ? s : 20261123UL;
        var document = JsonNode.Parse(await _app.Client.GetStringAsync("api/swagger.json"))!;
        var operations = SwaggerCorpus.Operations(document).ToList();
        Assert.True(operations.Count >= 40, $"the Swagger document lists only {operations.Count} operations");
        // The receivers are hidden from the document (the provider calls them, not a flow) but take input too.
        operations.Add(new ApiOperation("ReceiveClickSendInboundSms", "POST", "/api/clicksend/inbound/{receiver_id}",
            [new ApiParameter("receiver_id", "path", "string", true, null), new ApiParameter("secret", "query", "string", false, null)], null, true));

        var cases = operations.SelectMany(SwaggerCorpus.HandPicked).ToList();
        var handPicked = cases.Count;
        var perOperation = Math.Max(150, (int)Math.Ceiling((MinimumCases * 1.05 - handPicked) / operations.Count));
        var random = new FsCheck.Rnd(seed);
        foreach (var operation in operations)
        {
            cases.AddRange(Gen.Sample(SwaggerCorpus.Generated(operation), perOperation, random, 30));
            random = new FsCheck.Rnd(seed + (ulong)cases.Count);
        }

        var outcomes = new ConcurrentBag<Outcome>();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Parallelism, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) };
        // Every answer to the corpus is held to the document as well (DocumentContract).
        using var client = new HttpClient(new ContractCheckingHandler(DocumentContract.Served, handler)) { Timeout = TimeSpan.FromSeconds(60) };
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(cases.Select((c, i) => (c, i)), new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (item, cancellationToken) => outcomes.Add(await Send(client, item.c, item.i)));
        watch.Stop();

        var upstreamByTrace = _sandbox.Journal.Requests
            .Select(r => r.Headers.TryGetValue("traceparent", out var t) && t.Length >= 35 ? t[3..35] : "")
            .GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        bool Reached(Outcome o) => upstreamByTrace.ContainsKey(o.TraceId);
        bool AppRefused(Outcome o) => o.Status is >= 400 and < 500 && !o.FromProvider;

        var rows = outcomes.GroupBy(o => (o.Case.Operation.Id, o.Case.Operation.Method, o.Case.Operation.PathTemplate))
            .OrderBy(g => g.Key.PathTemplate, StringComparer.Ordinal).ThenBy(g => g.Key.Method, StringComparer.Ordinal)
            .Select(g => new JsonObject
            {
                ["operation"] = g.Key.Id,
                ["method"] = g.Key.Method,
                ["path"] = g.Key.PathTemplate,
                ["cases"] = g.Count(),
                ["answered_2xx"] = g.Count(o => o.Status is >= 200 and < 300),
                ["refused_4xx"] = g.Count(AppRefused),
                ["provider_4xx"] = g.Count(o => o.Status is >= 400 and < 500 && o.FromProvider),
                ["answered_5xx"] = g.Count(o => o.Status >= 500),
                ["transport_errors"] = g.Count(o => o.Error is not null),
                ["refused_but_reached_provider"] = g.Count(o => AppRefused(o) && Reached(o)),
            }).ToList();

        var fiveHundreds = outcomes.Where(o => o.Status >= 500).ToList();
        var errors = outcomes.Where(o => o.Error is not null && !o.BeyondServerLimits).ToList();
        // Kestrel itself refuses some requests before any app code runs (a NUL in the path, a URL over its
        // length limit): a bare status with no body. Counted apart; everything the app answers is a problem. A request
        // line far over the limit is refused while the client is still writing it, and Kestrel's close can reach the
        // client before its 414 does: for those, a closed connection is the same refusal.
        var kestrel = outcomes.Where(o => (o.Status is 400 or 414 or 431 && !o.IsProblem && o.Body.Length == 0)
                                          || (o.Error is not null && o.BeyondServerLimits)).ToList();
        var notProblems = outcomes.Where(o => o.Status >= 400 && !o.IsProblem).Except(kestrel).ToList();
        var leaks = outcomes.Where(o => AppRefused(o) && Reached(o)).ToList();
        var health = await _app.Client.SendAsync(Authorized(new HttpRequestMessage(HttpMethod.Get, "api/health")));
        var unhandled = _app.Logs.Lines.Count(l => l.Contains("Unhandled failure", StringComparison.Ordinal));

        ReliabilityArtifacts.Write("bad-input.json", new JsonObject
        {
            ["seed"] = seed,
            ["operations"] = rows.Count,
            ["cases"] = outcomes.Count,
            ["hand_picked"] = handPicked,
            ["generated"] = cases.Count - handPicked,
            ["answered_5xx"] = fiveHundreds.Count,
            ["transport_errors"] = errors.Count,
            ["resent_after_connection_closed"] = _resent,
            ["rejected_by_kestrel"] = kestrel.Count,
            ["non_problem_4xx"] = notProblems.Count,
            ["refused_but_reached_provider"] = leaks.Count,
            ["unhandled_exceptions_logged"] = unhandled,
            ["healthy_after"] = health.StatusCode == HttpStatusCode.OK,
            ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 1),
            ["endpoints"] = new JsonArray(rows.ToArray<JsonNode?>()),
        });

        output.WriteLine($"{"operation",-42} {"method",-6} {"cases",6} {"2xx",5} {"4xx",6} {"prov4xx",7} {"5xx",4} {"leak",4}");
        foreach (var row in rows)
        {
            output.WriteLine($"{row["operation"],-42} {row["method"],-6} {row["cases"],6} {row["answered_2xx"],5} {row["refused_4xx"],6} {row["provider_4xx"],7} {row["answered_5xx"],4} {row["refused_but_reached_provider"],4}");
        }

        output.WriteLine($"{outcomes.Count} cases ({handPicked} hand-picked, {cases.Count - handPicked} generated, seed {seed}) in {watch.Elapsed.TotalSeconds:F1} s: " +
                         $"{fiveHundreds.Count} answered 5xx, {errors.Count} transport errors, {notProblems.Count} non-problem 4xx, " +
                         $"{kestrel.Count} refused by Kestrel, {leaks.Count} refused but reached a provider, {_resent} resent ({_lastResendReason})");
        foreach (var o in fiveHundreds.Concat(errors).Concat(notProblems).Concat(leaks).Take(15))
        {
            output.WriteLine($"  {o.Status} {o.Error} {Trim(o.Case.ToString())} => {Trim(o.Body)}");
        }

        Assert.True(outcomes.Count >= MinimumCases, $"only {outcomes.Count} cases");
        Assert.Empty(fiveHundreds.Select(o => $"{o.Status} {Trim(o.Case.ToString())} => {Trim(o.Body)}"));
        Assert.Empty(errors.Select(o => $"{o.Error} {Trim(o.Case.ToString())}"));
        Assert.Empty(notProblems.Select(o => $"{o.Status} {Trim(o.Case.ToString())} => {Trim(o.Body)}"));
        Assert.Empty(leaks.Select(o => $"{o.Status} {Trim(o.Case.ToString())} => {Trim(o.Body)}"));
        Assert.Equal(0, unhandled);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var send = Authorized(new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send")
        {
            Content = Http.Json("""{"messages":[{"to":"+61411111111","body":"still healthy"}]}"""),
        });
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.SendAsync(send)).StatusCode);
    }

    private static string Trim(string text) => text.Length > 400 ? text[..400] + "…" : text;

    private static HttpRequestMessage Authorized(HttpRequestMessage request)
    {
        request.Headers.Add("x-functions-key", KnownSecrets.FunctionKey);
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        request.Headers.TryAddWithoutValidation("X-SerwerSMS-Token", "sandbox-token");
        request.Headers.TryAddWithoutValidation("X-Clipsan-Key", "sandbox-clipsan-key");
        return request;
    }

    private async Task<Outcome> Send(HttpClient client, CorpusCase corpusCase, int index)
    {
        var traceId = index.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
        Uri uri;
        try
        {
            uri = new Uri(_app.BaseAddress + corpusCase.PathAndQuery.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        }
        catch (UriFormatException)
        {
            uri = new Uri(_app.BaseAddress + corpusCase.PathAndQuery.TrimStart('/'));
        }

        using var request = Authorized(new HttpRequestMessage(new HttpMethod(corpusCase.Operation.Method), uri));
        var beyondServerLimits = $"{request.Method} {uri.PathAndQuery} HTTP/1.1".Length > MaxRequestLine;
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        if (corpusCase.Body is not null)
        {
            HttpContent content = corpusCase.Chunked ? new ChunkedContent(corpusCase.Body) : new ByteArrayContent(corpusCase.Body);
            if (corpusCase.ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", corpusCase.ContentType);
            }

            request.Content = content;

            // Generated mutations can grow a body to hundreds of MB. The app answers 413 from Content-Length without
            // reading, then Kestrel closes the connection with the body unread; the client, still writing, can see a
            // reset before it reads the 413. A well-behaved client uploading that much asks first, and so does this one.
            if (!corpusCase.Chunked && corpusCase.Body.Length > FarPastEveryLimit)
            {
                request.Headers.ExpectContinue = true;
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await client.SendAsync(request.Clone(), HttpCompletionOption.ResponseContentRead);
                var body = await response.Content.ReadAsStringAsync();
                var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                var fromProvider = false;
                if (isProblem)
                {
                    try
                    {
                        fromProvider = JsonNode.Parse(body)?["provider"] is not null;
                    }
                    catch (System.Text.Json.JsonException)
                    {
                        isProblem = false;
                    }
                }

                return new Outcome(corpusCase, traceId, (int)response.StatusCode, isProblem, fromProvider, null, body);
            }
            catch (ContractViolationException e)
            {
                // An answer the document does not describe: counted with the errors, which must be none.
                return new Outcome(corpusCase, traceId, 0, false, false, e.Message, "");
            }
            catch (HttpRequestException e) when (attempt < 2 && !beyondServerLimits)
            {
                // A keep-alive connection the app closed after an early answer (413 to a large body) can fail the
                // next request sent on it before the app saw it: send again on a fresh connection, and count it.
                Interlocked.Increment(ref _resent);
                _lastResendReason = e.InnerException?.Message ?? e.Message;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return new Outcome(corpusCase, traceId, 0, false, false, e.GetType().Name + ": " + (e.InnerException?.Message ?? e.Message), "", beyondServerLimits);
            }
        }
    }

    /// <summary>A body sent without Content-Length (chunked), so only the size limit while reading can stop it.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

internal static class RequestCloning
{
    /// <summary>A fresh copy (a request can be sent only once) sharing the content bytes.</summary>
    public static HttpRequestMessage Clone(this HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version };
        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        return copy;
    }
}
