using System.IO.Compression;
using System.Net;
using MessagingConnectors.ApiExport;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests;

/// <summary>
/// The executable in dist/functionapp.zip, a Native AOT build, started as the Functions host starts a custom handler:
/// every other integration test runs the app in-process on the JIT, where reflection the AOT build lacks would still
/// work. One pass touches each kind of work the app does: storage (tables created, entities claimed, replayed,
/// queried and written in transactions; blobs), the three providers, validation problems and the served documents.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class PackagedAppTests(Azurite azurite) : IAsyncLifetime
{
    private static readonly string ZipPath = Path.Combine(RepoPaths.Root, "dist", "functionapp.zip");

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "packaged-app-" + Guid.NewGuid().ToString("N"));
    private SandboxServer _sandbox = null!;
    private CallbackServer _callback = null!;
    private AppProcess _app = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ZipPath), $"{ZipPath} is missing: run scripts/package.sh (./test.sh does).");
        ZipFile.ExtractToDirectory(ZipPath, _folder);
        _sandbox = await SandboxServer.StartAsync();
        _callback = await CallbackServer.StartAsync();

        var port = Azurite.FreePort();
        var appFolder = Path.Combine(_folder, "app");
        _app = await AppProcess.StartAsync(Path.Combine(appFolder, "MessagingConnectors"), [], appFolder, port, new Dictionary<string, string>
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["ClickSend__BaseUrl"] = _sandbox.ClickSendBaseUrl,
            ["Clipsan__BaseUrl"] = _sandbox.ClipsanBaseUrl,
            ["SerwerSms__BaseUrl"] = _sandbox.SerwerSmsBaseUrl,
            ["Webhooks__AllowLoopbackCallbacks"] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _callback.DisposeAsync();
        await _sandbox.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? json = null, Action<HttpRequestMessage>? headers = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Http.Json(json) };
        headers?.Invoke(request);
        return await _app.Client.SendAsync(request);
    }

    private static void ClickSendAccount(HttpRequestMessage request) => request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");

    private async Task<HttpResponseMessage> Expect(HttpStatusCode status, HttpMethod method, string path, string? json = null, Action<HttpRequestMessage>? headers = null)
    {
        var response = await Send(method, path, json, headers);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status)
        {
            await Task.Delay(300); // the app's log line for the failure is written after the answer
        }

        Assert.True(response.StatusCode == status, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode}: {body}\napp output:\n{_app.Output}");
        return response;
    }

    [Fact]
    public async Task The_native_build_does_each_kind_of_work_the_app_does()
    {
        Assert.Equal("healthy", (string?)(await (await Expect(HttpStatusCode.OK, HttpMethod.Get, "api/health")).ReadJson())["status"]);

        // An idempotent send: the table is created, the key claimed, then the stored answer replayed without a second send.
        const string sms = """{"messages":[{"to":"+61411111111","body":"packaged"}]}""";
        void Keyed(HttpRequestMessage request)
        {
            ClickSendAccount(request);
            request.Headers.Add("Idempotency-Key", "packaged-app-" + Guid.NewGuid().ToString("N")[..8]);
        }

        var key = "packaged-" + Guid.NewGuid().ToString("N");
        void SameKey(HttpRequestMessage request)
        {
            ClickSendAccount(request);
            request.Headers.Add("Idempotency-Key", key);
        }

        var first = await (await Expect(HttpStatusCode.OK, HttpMethod.Post, "api/clicksend/sms/send", sms, SameKey)).ReadJson();
        var replay = await (await Expect(HttpStatusCode.OK, HttpMethod.Post, "api/clicksend/sms/send", sms, SameKey)).ReadJson();
        Assert.Equal(first.ToJsonString(), replay.ToJsonString());
        Assert.Single(_sandbox.Journal.For("ClickSend", "POST", "/sms/send"));
        await Expect(HttpStatusCode.OK, HttpMethod.Post, "api/clicksend/sms/send", sms, Keyed);

        // Validation problems and provider answers written from the source-generated metadata.
        await (await Send(HttpMethod.Post, "api/clicksend/sms/send", """{"messages":[{"to":"x"}]}""", ClickSendAccount)).AssertValidationProblem("messages[0].to");
        await Expect(HttpStatusCode.OK, HttpMethod.Get, "api/clicksend/lists", headers: ClickSendAccount);
        await Expect(HttpStatusCode.OK, HttpMethod.Get, "api/serwersms/groups", headers: r => r.Headers.Add("X-SerwerSMS-Token", "sandbox-token"));
        await Expect(HttpStatusCode.OK, HttpMethod.Get, "api/clipsan/leads", headers: r => r.Headers.Add("X-Clipsan-Key", "sandbox-clipsan-key"));

        // Blob storage: upload, read back, delete.
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        var upload = new HttpRequestMessage(HttpMethod.Post, "api/media") { Content = new ByteArrayContent(pdf) };
        upload.Content.Headers.ContentType = new("application/pdf");
        var uploaded = await _app.Client.SendAsync(upload);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync() + "\n" + _app.Output);
        var media = await uploaded.ReadJson();
        using (var blobs = new HttpClient())
        {
            Assert.Equal(pdf, await blobs.GetByteArrayAsync((string)media["url"]!));
        }

        await Expect(HttpStatusCode.OK, HttpMethod.Get, $"api/media/{(string)media["id"]!}");
        await Expect(HttpStatusCode.OK, HttpMethod.Delete, $"api/media/{(string)media["id"]!}");

        // A webhook subscription (a table transaction), an inbound SMS stored and delivered to the flow, then unsubscribe.
        var subscribed = await Expect(HttpStatusCode.Created, HttpMethod.Post, "api/clicksend/automations/sms/inbound",
            $$"""{"action_address":"{{_callback.Url}}"}""", ClickSendAccount);
        Assert.Equal(1, await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Packaged", "MSG-PACKAGED"));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (_callback.Received.IsEmpty)
        {
            Assert.True(DateTime.UtcNow < deadline, "the inbound SMS never reached the flow:\n" + _app.Output);
            await Task.Delay(50);
        }

        Assert.Contains("Packaged", Assert.Single(_callback.Received).ToJsonString(), StringComparison.Ordinal);
        await Expect(HttpStatusCode.OK, HttpMethod.Delete, subscribed.Headers.Location!.PathAndQuery.TrimStart('/'), headers: ClickSendAccount);

        // The timer functions, invoked as the Functions host invokes them.
        foreach (var timer in new[] { "DeliverInboundMessages", "DeleteExpiredMedia" })
        {
            var invocation = await (await Expect(HttpStatusCode.OK, HttpMethod.Post, timer, """{"Data":{},"Metadata":{}}""")).ReadJson();
            Assert.Single(invocation["Logs"]!.AsArray());
        }

        // The served documents are the committed export, and the UI is there.
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Root, Export.DocumentsFolder, ApiDocuments.SwaggerFile)),
            await (await Expect(HttpStatusCode.OK, HttpMethod.Get, "api/swagger.json")).Content.ReadAsByteArrayAsync());
        await Expect(HttpStatusCode.OK, HttpMethod.Get, "api/swagger/ui/index.html");
        await (await Send(HttpMethod.Get, "api/no-such-endpoint")).AssertProblem(404);

        Assert.DoesNotContain("fail:", _app.Output, StringComparison.Ordinal);
    }
}
