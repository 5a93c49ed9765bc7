using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Azure.Storage.Blobs;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests;

/// <summary>The media store on Azurite: uploads in each encoding, SAS URLs, rejections, deletion, expiry, and files in sends.</summary>
[Collection(IntegrationGroup.Name)]
public sealed class MediaTests(Azurite azurite) : AppOnSandboxTests(azurite)
{
    private const string Address = """
        "address_name":"Jana Nováková","address_line_1":"Dlouhá 1","address_city":"Praha","address_state":"Praha",
        "address_postal_code":"11000","address_country":"CZ","return_address_id":4
        """;

    private readonly string _container = "media-" + Guid.NewGuid().ToString("N")[..12];

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Media:Container"] = _container;
        settings["Media:SasMinutes"] = "5";
        return settings;
    }

    private BlobContainerClient Container => new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(_container);

    private async Task<int> BlobCount()
    {
        if (!(await Container.ExistsAsync()).Value)
        {
            return 0;
        }

        var count = 0;
        await foreach (var _ in Container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, default))
        {
            count++;
        }

        return count;
    }

    internal static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        RandomNumberGenerator.Fill(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    internal static byte[] Jpeg(int size)
    {
        var bytes = new byte[size];
        RandomNumberGenerator.Fill(bytes);
        new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.CopyTo(bytes, 0);
        return bytes;
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private Task<HttpResponseMessage> UploadJson(byte[] file, string query = "purpose=letter", string? json = null) =>
        App.Client.PostAsync("api/media?" + query, Http.Json(json ?? $$"""{"file_name":"letter.pdf","content_type":"application/pdf","content":"{{Convert.ToBase64String(file)}}"}"""));

    private static async Task<byte[]> Download(string url)
    {
        using var client = new HttpClient();
        var response = await client.GetAsync(new Uri(url));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private Task<HttpResponseMessage> Send(string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/" + path) { Content = Http.Json(json) };
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        return App.Client.SendAsync(request);
    }

    [Fact]
    public async Task Upload_as_base64_json_stores_the_file_with_hash_type_expiry_and_a_read_only_url()
    {
        var file = Pdf(300_000);
        var response = await UploadJson(file);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJson();
        var id = (string)body["id"]!;
        Assert.Matches("^media_[0-9a-f]{32}$", id);
        Assert.Equal($"/api/media/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(file.Length, (long)body["size"]!);
        Assert.Equal("application/pdf", (string?)body["content_type"]);
        Assert.Equal("PDF", (string?)body["type"]);
        Assert.Equal(Sha(file), (string?)body["sha256"]);
        Assert.Equal("letter", (string?)body["purpose"]);
        Assert.Equal("letter.pdf", (string?)body["file_name"]);
        var expires = DateTimeOffset.Parse((string)body["expires_at"]!, CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Assert.Equal(file, await Download((string)body["url"]!));

        var got = await App.Client.GetAsync($"api/media/{id}");
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        var again = await got.ReadJson();
        Assert.Equal(Sha(file), (string?)again["sha256"]);
        Assert.Equal(file, await Download((string)again["url"]!));
    }

    [Fact]
    public async Task Upload_as_raw_body_and_as_multipart_recognises_the_type_from_the_bytes()
    {
        var jpeg = Jpeg(100_000);
        var raw = new ByteArrayContent(jpeg);
        raw.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var rawResponse = await App.Client.PostAsync("api/media?purpose=mms&file_name=cat.jpg", raw);
        Assert.Equal(HttpStatusCode.Created, rawResponse.StatusCode);
        var rawBody = await rawResponse.ReadJson();
        Assert.Equal("image/jpeg", (string?)rawBody["content_type"]);
        Assert.Equal("cat.jpg", (string?)rawBody["file_name"]);
        Assert.Equal(jpeg, await Download((string)rawBody["url"]!));

        var pdf = Pdf(2_000_000);
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(pdf);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(new StringContent("ignored"), "note");
        form.Add(part, "file", "fax.pdf");
        var multipart = await App.Client.PostAsync("api/media?purpose=fax", form);
        Assert.Equal(HttpStatusCode.Created, multipart.StatusCode);
        var multipartBody = await multipart.ReadJson();
        Assert.Equal("fax.pdf", (string?)multipartBody["file_name"]);
        Assert.Equal(Sha(pdf), (string?)multipartBody["sha256"]);
        Assert.Equal(pdf, await Download((string)multipartBody["url"]!));
    }

    [Fact]
    public async Task The_sas_url_is_read_only_and_expires_after_the_configured_minutes()
    {
        var body = await (await UploadJson(Pdf(1000))).ReadJson();
        var url = new Uri((string)body["url"]!);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("r", query["sp"]);
        var signedExpiry = DateTimeOffset.Parse(query["se"]!, CultureInfo.InvariantCulture);
        Assert.InRange(signedExpiry - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(5));
        Assert.Equal(signedExpiry, DateTimeOffset.Parse((string)body["url_expires_at"]!, CultureInfo.InvariantCulture));

        using var client = new HttpClient();
        var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent([1, 2, 3]) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(put)).StatusCode);

        // An expired signature is refused by storage itself.
        var expired = url.ToString().Replace(query["se"]!.Replace(":", "%3A", StringComparison.Ordinal), "2000-01-01T00%3A00%3A00Z", StringComparison.Ordinal);
        Assert.NotEqual(url.ToString(), expired);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri(expired))).StatusCode);
    }

    [Theory]
    [InlineData("purpose=mms", "jpeg-too-large", 413, "content")]
    [InlineData("purpose=mms", "pdf", 415, "content")]
    [InlineData("purpose=letter", "exe", 415, "content")]
    [InlineData("purpose=letter", "broken", 400, "content")]
    [InlineData("purpose=letter", "empty", 400, "content")]
    [InlineData("purpose=nonsense", "pdf", 400, "purpose")]
    public async Task Upload_refuses_wrong_type_too_large_broken_and_empty_files(string query, string kind, int status, string field)
    {
        var json = kind switch
        {
            "jpeg-too-large" => $$"""{"content":"{{Convert.ToBase64String(Jpeg(300 * 1024))}}"}""",
            "pdf" => $$"""{"content":"{{Convert.ToBase64String(Pdf(1000))}}"}""",
            "exe" => $$"""{"content":"{{Convert.ToBase64String([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00])}}"}""",
            "broken" => """{"content":"JVBERi0xLjc!!!"}""",
            _ => """{"content":""}""",
        };
        var response = await UploadJson([], query, json);
        var problem = await response.AssertProblem(status);
        Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, problem.ToJsonString());
        Assert.Equal(0, await BlobCount());
    }

    [Fact]
    public async Task A_raw_body_over_the_purpose_limit_is_refused_before_it_is_read()
    {
        var raw = new ByteArrayContent(Jpeg(300 * 1024));
        raw.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var problem = await (await App.Client.PostAsync("api/media?purpose=mms", raw)).AssertProblem(413);
        Assert.True(problem["errors"]?.AsObject().ContainsKey("body") == true, problem.ToJsonString());
        Assert.Equal(0, await BlobCount());
    }

    [Fact]
    public async Task Delete_removes_the_file_and_its_url_stops_working()
    {
        var body = await (await UploadJson(Pdf(1000))).ReadJson();
        var id = (string)body["id"]!;
        var deleted = await App.Client.DeleteAsync($"api/media/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True((bool)(await deleted.ReadJson())["deleted"]!);
        await (await App.Client.GetAsync($"api/media/{id}")).AssertProblem(404);
        await (await App.Client.DeleteAsync($"api/media/{id}")).AssertProblem(404);
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri((string)body["url"]!))).StatusCode);
    }

    [Fact]
    public async Task The_timer_deletes_expired_files_only()
    {
        var expired = (string)(await (await UploadJson(Pdf(1000))).ReadJson())["id"]!;
        var kept = (string)(await (await UploadJson(Pdf(1000))).ReadJson())["id"]!;
        var blob = Container.GetBlobClient(expired);
        var metadata = (await blob.GetPropertiesAsync()).Value.Metadata;
        metadata["expires"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await blob.SetMetadataAsync(metadata);

        await (await App.Client.GetAsync($"api/media/{expired}")).AssertProblem(404);
        var summary = await App.Services.GetRequiredService<MessagingConnectors.Hosting.ScheduledWork>().RunAsync("DeleteExpiredMedia", CancellationToken.None);
        Assert.Equal("Deleted 1 expired media files", summary);
        Assert.False((await blob.ExistsAsync()).Value);
        Assert.Equal(HttpStatusCode.OK, (await App.Client.GetAsync($"api/media/{kept}")).StatusCode);
    }

    [Fact]
    public async Task A_letter_sent_with_content_gives_clicksend_a_url_of_the_same_bytes()
    {
        var file = Pdf(500_000);
        var response = await Send("post/letters/send", $$"""
            {"file_url":{"$content-type":"application/pdf","$content":"{{Convert.ToBase64String(file)}}"},"colour":0,"duplex":0,"recipients":[{ {{Address}} }]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var upstream = JsonNode.Parse(Sandbox.Journal.Requests[^1].Body)!;
        var url = (string)upstream["file_url"]!;
        Assert.StartsWith($"http://127.0.0.1:{Azurite.BlobPort}/devstoreaccount1/{_container}/media_", url, StringComparison.Ordinal);
        Assert.Equal(file, await Download(url));
        Assert.Equal(1, await BlobCount());
    }

    [Fact]
    public async Task Sends_take_a_media_id_or_plain_base64_and_keep_urls_as_they_are()
    {
        var jpeg = Jpeg(50_000);
        var id = (string)(await (await UploadJson(jpeg, "purpose=mms", $$"""{"content":"{{Convert.ToBase64String(jpeg)}}"}""")).ReadJson())["id"]!;
        var mms = await Send("mms/send", $$"""{"media_file":"{{id}}","messages":[{"to":"+61411111111","subject":"Cat","body":"Look"}]}""");
        Assert.Equal(HttpStatusCode.OK, mms.StatusCode);
        Assert.Equal(jpeg, await Download((string)JsonNode.Parse(Sandbox.Journal.Requests[^1].Body)!["media_file"]!));

        var pdf = Pdf(20_000);
        var postcard = await Send("post/postcards/send", $$"""
            {"file_urls":["https://x.example/front.pdf",{"file_name":"back.pdf","content_type":"application/pdf","content":"{{Convert.ToBase64String(pdf)}}"}],"recipients":[{ {{Address}} }]}
            """);
        Assert.Equal(HttpStatusCode.OK, postcard.StatusCode);
        var urls = JsonNode.Parse(Sandbox.Journal.Requests[^1].Body)!["file_urls"]!.AsArray();
        Assert.Equal("https://x.example/front.pdf", (string?)urls[0]);
        Assert.Equal(pdf, await Download((string)urls[1]!));

        var fax = await Send("fax/send", $$"""{"file_url":"{{Convert.ToBase64String(pdf)}}","messages":[{"to":"+61261111111"}]}""");
        Assert.Equal(HttpStatusCode.OK, fax.StatusCode);
        Assert.Equal(pdf, await Download((string)JsonNode.Parse(Sandbox.Journal.Requests[^1].Body)!["file_url"]!));
    }

    [Fact]
    public async Task Conversion_takes_a_media_id_and_sends_its_content()
    {
        var pdf = Pdf(5000);
        var id = (string)(await (await UploadJson(pdf)).ReadJson())["id"]!;
        var response = await Send("uploads?convert=fax", $$"""{"content":"{{id}}"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Convert.ToBase64String(pdf), (string?)JsonNode.Parse(Sandbox.Journal.Requests[^1].Body)!["content"]);
        await (await Send("uploads?convert=fax", """{"content":"https://x.example/a.pdf"}""")).AssertValidationProblem("content");
        var exe = await Send("uploads?convert=fax", """{"content":"TVqQAAMAAAAEAAAA"}""");
        await exe.AssertProblem(415);
    }

    [Theory]
    [InlineData("post/letters/send", "file_url", "png", 415)]
    [InlineData("fax/send", "file_url", "big-pdf", 413)]
    [InlineData("mms/send", "media_file", "pdf", 415)]
    [InlineData("post/letters/send", "file_url", "broken", 400)]
    [InlineData("post/letters/send", "file_url", "empty", 400)]
    [InlineData("post/letters/send", "file_url", "unknown-id", 400)]
    public async Task Sends_refuse_bad_files_naming_the_field_and_leave_no_blob(string path, string field, string kind, int status)
    {
        var content = kind switch
        {
            "png" => $"\"{Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])}\"",
            "big-pdf" => $"\"{Convert.ToBase64String(Pdf(4 * 1024 * 1024 + 1))}\"",
            "pdf" => $"\"{Convert.ToBase64String(Pdf(1000))}\"",
            "broken" => """{"$content-type":"application/pdf","$content":"JVBER!!"}""",
            "empty" => """{"$content-type":"application/pdf","$content":""}""",
            _ => "\"media_0123456789abcdef0123456789abcdef\"",
        };
        var rest = path switch
        {
            "post/letters/send" => "\"colour\":0,\"duplex\":0,\"recipients\":[{" + Address + "}]",
            "fax/send" => "\"messages\":[{\"to\":\"+61261111111\"}]",
            _ => "\"messages\":[{\"to\":\"+61411111111\",\"subject\":\"s\",\"body\":\"b\"}]",
        };
        var response = await Send(path, $$"""{"{{field}}":{{content}},{{rest}}}""");
        var problem = await response.AssertProblem(status);
        Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, problem.ToJsonString());
        Assert.Empty(Sandbox.Journal.Requests);
        Assert.Equal(0, await BlobCount());
    }

    [Fact]
    public async Task An_upload_whose_name_or_declared_type_contradicts_its_content_is_a_415_in_every_encoding()
    {
        var text = "This is not a PDF."u8.ToArray();
        var responses = new List<HttpResponseMessage>();

        var raw = new ByteArrayContent(text);
        raw.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        responses.Add(await App.Client.PostAsync("api/media?file_name=fake.pdf", raw));

        var declared = new ByteArrayContent(text);
        declared.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        responses.Add(await App.Client.PostAsync("api/media", declared));

        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(text);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(part, "file", "fake.pdf");
        responses.Add(await App.Client.PostAsync("api/media", form));

        responses.Add(await App.Client.PostAsync("api/media", Http.Json($$"""{"file_name":"fake.pdf","content":"{{Convert.ToBase64String(text)}}"}""")));

        foreach (var response in responses)
        {
            var problem = await response.AssertProblem(415);
            Assert.Contains("but its content is a text file", (string)problem["detail"]!, StringComparison.Ordinal);
        }

        Assert.Equal(0, await BlobCount());
        var plain = new ByteArrayContent(text);
        plain.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        Assert.Equal(HttpStatusCode.Created, (await App.Client.PostAsync("api/media?file_name=notes.txt", plain)).StatusCode);
    }

    [Theory]
    [InlineData("""{"$content-type":"application/pdf","$content":"VGhpcyBpcyBub3QgYSBQREYu"}""", "declared as application/pdf (PDF), but its content is a text file")]
    [InlineData("""{"file_name":"scan.pdf","content":"/9j/4AAQ"}""", "named scan.pdf, a PDF file name, but its content is a JPEG file")]
    [InlineData("\"https://files.example.com/minutes.docx\"", "names a DOCX file (minutes.docx); a fax file must be PDF")]
    public async Task A_send_file_that_is_not_what_it_claims_is_a_415_naming_the_field(string file, string expected)
    {
        var response = await Send("fax/send", $$"""{"file_url":{{file}},"messages":[{"to":"+61261111111"}]}""");

        var problem = await response.AssertProblem(415);
        Assert.Contains(expected, (string)problem["errors"]!["file_url"]![0]!, StringComparison.Ordinal);
        Assert.Empty(Sandbox.Journal.Requests);
        Assert.Equal(0, await BlobCount());
    }

    [Fact]
    public async Task A_send_that_provably_failed_deletes_the_file_it_stored()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/post/letters/send")
        {
            Content = Http.Json($$"""{"file_url":"{{Convert.ToBase64String(Pdf(1000))}}","colour":0,"duplex":0,"recipients":[{ {{Address}} }]}"""),
        };
        request.Headers.Authorization = Http.Basic("sandbox", "wrong-key");
        var response = await App.Client.SendAsync(request);
        await response.AssertProblem(401);
        Assert.Equal(0, await BlobCount());
    }

    [Fact]
    public async Task The_same_send_with_content_is_sent_once()
    {
        var json = $$"""{"file_url":"{{Convert.ToBase64String(Pdf(2000))}}","colour":0,"duplex":0,"recipients":[{ {{Address}} }]}""";
        var key = "letter-content-" + Guid.NewGuid().ToString("N");
        async Task<HttpResponseMessage> WithKey()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/post/letters/send") { Content = Http.Json(json) };
            request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
            request.Headers.Add("Idempotency-Key", key);
            return await App.Client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await WithKey()).StatusCode);
        var repeat = await WithKey();
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(Sandbox.Journal.Requests, r => r.Path.EndsWith("post/letters/send", StringComparison.Ordinal));
        Assert.Equal(1, await BlobCount());
    }

    /// <summary>
    /// Upload as a generated client or Swagger UI reads the served document (its multipart file parameter), and as a
    /// connector reads the ClickSend connector (its JSON body with file content as <c>format: byte</c>): each form,
    /// built from the document alone, stores the file.
    /// </summary>
    [Fact]
    public async Task Upload_works_as_the_served_document_and_the_connector_describe_it()
    {
        var pdf = Pdf(20_000);
        var served = await (await App.Client.GetAsync("api/swagger.json")).ReadJson();
        var operation = served["paths"]!["/media"]!["post"]!;
        Assert.Contains("multipart/form-data", operation["consumes"]!.AsArray().Select(c => (string?)c));
        var filePart = operation["parameters"]!.AsArray().Single(p => (string?)p!["in"] == "formData")!;
        Assert.Equal("file", (string?)filePart["type"]);
        Assert.True((bool?)filePart["required"]);

        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(pdf);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(part, (string)filePart["name"]!, "letter.pdf");
        var multipart = await App.Client.PostAsync($"{((string)served["basePath"]!).TrimStart('/')}/media?purpose=letter", form);
        Assert.Equal(HttpStatusCode.Created, multipart.StatusCode);

        var connector = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "connector", "clicksend", "apiDefinition.swagger.json")))!;
        var connectorOperation = connector["paths"]!["/media"]!["post"]!;
        Assert.Equal(["application/json"], connectorOperation["consumes"]!.AsArray().Select(c => (string?)c));
        var schemaName = ((string)connectorOperation["parameters"]!.AsArray().Single(p => (string?)p!["in"] == "body")!["schema"]!["$ref"]!).Split('/')[^1];
        var schema = connector["definitions"]![schemaName]!;
        var contentField = schema["required"]!.AsArray().Select(r => (string)r!).Single();
        Assert.Equal("byte", (string?)schema["properties"]![contentField]!["format"]);

        var json = new JsonObject { [contentField] = Convert.ToBase64String(pdf), ["file_name"] = "letter.pdf", ["purpose"] = "letter" };
        var uploaded = await App.Client.PostAsync("api/media", Http.Json(json.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var file = await uploaded.ReadJson();
        Assert.Equal("application/pdf", (string?)file["content_type"]);
        Assert.Equal(pdf.Length, (long)file["size"]!);

        var v3 = await (await App.Client.GetAsync("api/openapi/v3.json")).ReadJson();
        var forms = v3["paths"]!["/media"]!["post"]!["requestBody"]!["content"]!.AsObject().Select(c => c.Key).ToList();
        Assert.Contains("multipart/form-data", forms);
        Assert.Contains("application/json", forms);
        Assert.Contains("application/pdf", forms);
    }

}
