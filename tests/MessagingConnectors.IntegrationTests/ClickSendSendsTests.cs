using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests;

[Collection(IntegrationGroup.Name)]
public sealed class ClickSendSendsTests(Azurite azurite) : AppOnSandboxTests(azurite)
{
    private const string Address = """
        "address_name":"Jana Nováková","address_line_1":"Dlouhá 1","address_city":"Praha","address_state":"Praha",
        "address_postal_code":"11000","address_country":"CZ","return_address_id":4
        """;

    private Task<HttpResponseMessage> Post(string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/" + path) { Content = Http.Json(json) };
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        return App.Client.SendAsync(request);
    }

    private JsonNode LastUpstreamBody(string path)
    {
        var request = Sandbox.Journal.Requests[^1];
        Assert.Equal("/clicksend/v3/" + path, request.Path);
        Assert.Equal("POST", request.Method);
        return JsonNode.Parse(request.Body)!;
    }

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual.ToJsonString());

    [Fact]
    public async Task Send_mms_sends_the_media_and_messages_and_counts_outcomes()
    {
        var response = await Post("mms/send", """
            {"media_file":"https://files.example.com/cat.jpg","messages":[
              {"to":"+61411111111","subject":"Cat","body":"Look"},{"to":"+61411110000","subject":"Cat","body":"Look"}]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertJson("""
            {"media_file":"https://files.example.com/cat.jpg","messages":[
              {"to":"+61411111111","source":"MessagingConnectors","subject":"Cat","body":"Look"},
              {"to":"+61411110000","source":"MessagingConnectors","subject":"Cat","body":"Look"}]}
            """, LastUpstreamBody("mms/send"));
        var body = await response.ReadJson();
        Assert.Equal(1, (int)body["accepted_count"]!);
        Assert.Equal(1, (int)body["rejected_count"]!);
    }

    [Theory]
    [InlineData("""{"messages":[{"to":"+61411111111","subject":"s","body":"b"}]}""", "media_file")]
    [InlineData("""{"media_file":"not a url","messages":[{"to":"+61411111111","subject":"s","body":"b"}]}""", "media_file")]
    [InlineData("""{"media_file":"https://x.example/a.jpg","messages":[{"to":"+61411111111","subject":"twenty-one characters","body":"b"}]}""", "messages[0].subject")]
    [InlineData("""{"media_file":"https://x.example/a.jpg","messages":[{"to":"+61411111111","body":"b"}]}""", "messages[0].subject")]
    [InlineData("""{"media_file":"https://x.example/a.jpg","messages":[{"to":"+61411111111","subject":"s","body":"__GSM1501__"}]}""", "messages[0].body")]
    [InlineData("""{"media_file":"https://x.example/a.jpg","messages":[{"to":"+61411111111","subject":"s","body":"__UNI501__"}]}""", "messages[0].body")]
    [InlineData("""{"media_file":"https://x.example/a.jpg","messages":[{"to":"nope","subject":"s","body":"b"}]}""", "messages[0].to")]
    [InlineData("""{"media_file":"https://x.example/a.jpg","messages":[]}""", "messages")]
    public async Task Send_mms_refuses_bad_fields(string json, string field)
    {
        var response = await Post("mms/send", Expand(json));
        await response.AssertValidationProblem(field);
        Assert.Empty(Sandbox.Journal.Requests);
    }

    [Fact]
    public async Task Send_mms_accepts_the_longest_bodies()
    {
        var gsm = await Post("mms/send", Expand("""{"media_file":"https://x.example/a.jpg","messages":[{"to":"+61411111111","subject":"s","body":"__GSM1500__"}]}"""));
        Assert.Equal(HttpStatusCode.OK, gsm.StatusCode);
        var unicode = await Post("mms/send", Expand("""{"media_file":"https://x.example/a.jpg","messages":[{"to":"+61411111111","subject":"s","body":"__UNI500__"}]}"""));
        Assert.Equal(HttpStatusCode.OK, unicode.StatusCode);
    }

    [Fact]
    public async Task Send_voice_sends_language_voice_and_flags()
    {
        var response = await Post("voice/send", """
            {"messages":[{"to":"+61411111111","body":"Your parcel arrives today","lang":"en-au","voice":"female","require_input":1,"machine_detection":0,"custom_string":"v1"}]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertJson("""
            {"messages":[{"to":"+61411111111","custom_string":"v1","source":"MessagingConnectors","body":"Your parcel arrives today",
              "lang":"en-au","voice":"female","require_input":1,"machine_detection":0}]}
            """, LastUpstreamBody("voice/send"));
        Assert.Equal(1, (int)(await response.ReadJson())["accepted_count"]!);
    }

    [Theory]
    [InlineData("""{"messages":[{"to":"+61411111111","body":"__GSM1201__","lang":"en-us","voice":"male"}]}""", "messages[0].body")]
    [InlineData("""{"messages":[{"to":"+61411111111","body":"b","lang":"xx-yy","voice":"male"}]}""", "messages[0].lang")]
    [InlineData("""{"messages":[{"to":"+61411111111","body":"b","voice":"male"}]}""", "messages[0].lang")]
    [InlineData("""{"messages":[{"to":"+61411111111","body":"b","lang":"en-us","voice":"robot"}]}""", "messages[0].voice")]
    [InlineData("""{"messages":[{"to":"+61411111111","body":"b","lang":"en-us","voice":"male","require_input":2}]}""", "messages[0].require_input")]
    [InlineData("""{"messages":[{"to":"+61411111111","body":"b","lang":"en-us","voice":"male","machine_detection":-1}]}""", "messages[0].machine_detection")]
    public async Task Send_voice_refuses_bad_fields(string json, string field)
    {
        var response = await Post("voice/send", Expand(json));
        await response.AssertValidationProblem(field);
        Assert.Empty(Sandbox.Journal.Requests);
    }

    [Fact]
    public async Task Send_fax_sends_the_file_url_and_an_e164_recipient()
    {
        var response = await Post("fax/send", """{"file_url":"https://files.example.com/invoice.pdf","messages":[{"to":"+61261111111","custom_string":"inv-7"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertJson("""
            {"file_url":"https://files.example.com/invoice.pdf","messages":[{"to":"+61261111111","custom_string":"inv-7","source":"MessagingConnectors"}]}
            """, LastUpstreamBody("fax/send"));
    }

    [Theory]
    [InlineData("""{"file_url":"https://x.example/a.pdf","messages":[{"to":"0261111111"}]}""", "messages[0].to")]
    [InlineData("""{"file_url":"ftp://x.example/a.pdf","messages":[{"to":"+61261111111"}]}""", "file_url")]
    [InlineData("""{"messages":[{"to":"+61261111111"}]}""", "file_url")]
    public async Task Send_fax_refuses_bad_fields(string json, string field)
    {
        var response = await Post("fax/send", json);
        await response.AssertValidationProblem(field);
        Assert.Empty(Sandbox.Journal.Requests);
    }

    [Fact]
    public async Task Send_letter_sends_flags_and_addresses()
    {
        var response = await Post("post/letters/send", $$"""
            {"file_url":"https://files.example.com/letter.pdf","template_used":1,"colour":0,"duplex":1,"priority_post":0,"recipients":[{ {{Address}} }]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertJson($$"""
            {"file_url":"https://files.example.com/letter.pdf","template_used":1,"colour":0,"duplex":1,"priority_post":0,
             "source":"MessagingConnectors","recipients":[{ {{Address}} }]}
            """, LastUpstreamBody("post/letters/send"));
        var body = await response.ReadJson();
        Assert.Equal(1, (int)body["accepted_count"]!);
        Assert.Equal("SUCCESS", (string?)body["data"]!["recipients"]![0]!["status"]);
    }

    [Theory]
    [InlineData("""{"file_url":"https://x.example/l.pdf","duplex":0,"recipients":[{__ADDRESS__}]}""", "colour")]
    [InlineData("""{"file_url":"https://x.example/l.pdf","colour":2,"duplex":0,"recipients":[{__ADDRESS__}]}""", "colour")]
    [InlineData("""{"file_url":"https://x.example/l.pdf","colour":0,"recipients":[{__ADDRESS__}]}""", "duplex")]
    [InlineData("""{"file_url":"https://x.example/l.pdf","colour":0,"duplex":0,"template_used":5,"recipients":[{__ADDRESS__}]}""", "template_used")]
    [InlineData("""{"file_url":"https://x.example/l.pdf","colour":0,"duplex":0,"priority_post":3,"recipients":[{__ADDRESS__}]}""", "priority_post")]
    [InlineData("""{"file_url":"https://x.example/l.pdf","colour":0,"duplex":0,"recipients":[]}""", "recipients")]
    [InlineData("""{"file_url":"https://x.example/l.pdf","colour":0,"duplex":0,"recipients":[{"address_name":"A"}]}""", "recipients[0].address_line_1")]
    [InlineData("""{"file_url":"https://x.example/l.pdf","colour":0,"duplex":0,"recipients":[{"address_name":"A"}]}""", "recipients[0].address_city")]
    [InlineData("""{"file_url":"https://x.example/l.pdf","colour":0,"duplex":0,"recipients":[{"address_name":"A"}]}""", "recipients[0].address_state")]
    [InlineData("""{"file_url":"https://x.example/l.pdf","colour":0,"duplex":0,"recipients":[{"address_name":"A"}]}""", "recipients[0].address_postal_code")]
    [InlineData("""{"file_url":"https://x.example/l.pdf","colour":0,"duplex":0,"recipients":[{"address_name":"A"}]}""", "recipients[0].address_country")]
    [InlineData("""{"file_url":"https://x.example/l.pdf","colour":0,"duplex":0,"recipients":[{"address_name":"A"}]}""", "recipients[0].return_address_id")]
    [InlineData("""{"file_url":"https://x.example/l.pdf","colour":0,"duplex":0,"recipients":[{"address_line_1":"x"}]}""", "recipients[0].address_name")]
    public async Task Send_letter_refuses_bad_flags_and_incomplete_addresses(string json, string field)
    {
        var response = await Post("post/letters/send", json.Replace("__ADDRESS__", Address, StringComparison.Ordinal));
        await response.AssertValidationProblem(field);
        Assert.Empty(Sandbox.Journal.Requests);
    }

    [Fact]
    public async Task Send_postcard_takes_one_or_two_files()
    {
        var response = await Post("post/postcards/send", $$"""
            {"file_urls":["https://x.example/front.pdf","https://x.example/back.pdf"],"recipients":[{ {{Address}} }]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertJson($$"""
            {"file_urls":["https://x.example/front.pdf","https://x.example/back.pdf"],"recipients":[{ {{Address}} }]}
            """, LastUpstreamBody("post/postcards/send"));

        var three = await Post("post/postcards/send", $$"""
            {"file_urls":["https://x.example/1.pdf","https://x.example/2.pdf","https://x.example/3.pdf"],"recipients":[{ {{Address}} }]}
            """);
        await three.AssertValidationProblem("file_urls");
        var none = await Post("post/postcards/send", $$"""{"file_urls":[],"recipients":[{ {{Address}} }]}""");
        await none.AssertValidationProblem("file_urls");
    }

    [Fact]
    public async Task Post_refused_to_the_account_is_a_clear_403_problem()
    {
        // The command a user of ./run.sh --sandbox sends to see this refusal.
        var toggle = await new HttpClient().PutAsync(new Uri(Sandbox.BaseAddress, "_sandbox/clicksend/post"), Http.Json("""{"available":false}"""));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, toggle.StatusCode);
        var response = await Post("post/letters/send", $$"""
            {"file_url":"https://x.example/l.pdf","colour":0,"duplex":0,"recipients":[{ {{Address}} }]}
            """);
        var problem = await response.AssertProblem(403);
        Assert.Equal("ClickSend post is not available to this account", (string?)problem["title"]);
        Assert.Contains("no longer offered to new ClickSend accounts", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal("FORBIDDEN", (string?)problem["providerCode"]);
    }

    [Fact]
    public async Task A_post_send_with_every_recipient_rejected_is_a_422()
    {
        var response = await Post("post/postcards/send", $$"""
            {"file_urls":["https://x.example/front.pdf"],"recipients":[{ {{Address.Replace("\"return_address_id\":4", "\"return_address_id\":99", StringComparison.Ordinal)}} }]}
            """);
        var problem = await response.AssertProblem(422);
        Assert.Equal("INVALID_RETURN_ADDRESS", (string?)problem["rejected"]![0]!["status"]);
    }

    [Fact]
    public async Task Send_sms_campaign_sends_to_a_list()
    {
        var list = (long)(await (await Post("lists", """{"list_name":"campaign"}""")).ReadJson())["data"]!["list_id"]!;
        var response = await Post("sms-campaigns/send", $$"""{"list_id":{{list}},"name":"Spring sale","body":"Hi (First Name), 20% off today","from":"Shop"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertJson($$"""
            {"list_id":{{list}},"name":"Spring sale","body":"Hi (First Name), 20% off today","from":"Shop","source":"MessagingConnectors"}
            """, LastUpstreamBody("sms-campaigns/send"));
        Assert.Equal("Queued", (string?)(await response.ReadJson())["data"]!["status"]);
    }

    [Theory]
    [InlineData("""{"name":"n","body":"b","from":"Shop"}""", "list_id")]
    [InlineData("""{"list_id":1,"body":"b","from":"Shop"}""", "name")]
    [InlineData("""{"list_id":1,"name":"n","from":"Shop"}""", "body")]
    [InlineData("""{"list_id":1,"name":"n","body":"b"}""", "from")]
    [InlineData("""{"list_id":1,"name":"n","body":"b","from":"Way too long sender"}""", "from")]
    public async Task Send_sms_campaign_refuses_bad_fields(string json, string field)
    {
        await (await Post("sms-campaigns/send", json)).AssertValidationProblem(field);
        Assert.Empty(Sandbox.Journal.Requests);
    }

    [Fact]
    public async Task Convert_media_file_uploads_base64_content_with_the_target()
    {
        var content = Convert.ToBase64String("%PDF-1.4 sandbox"u8.ToArray());
        var response = await Post("uploads?convert=fax", $$"""{"content":"{{content}}"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("?convert=fax", Sandbox.Journal.Requests[^1].QueryString);
        AssertJson($$"""{"content":"{{content}}"}""", LastUpstreamBody("uploads"));
        Assert.StartsWith("http://127.0.0.1", (string?)(await response.ReadJson())["data"]!["_url"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uploads?convert=exe", """{"content":"QUJD"}""", "convert")]
    [InlineData("uploads", """{"content":"QUJD"}""", "convert")]
    [InlineData("uploads?convert=mms", """{"content":"not base64!"}""", "content")]
    [InlineData("uploads?convert=mms", """{"content":""}""", "content")]
    public async Task Convert_media_file_refuses_bad_input(string path, string json, string field)
    {
        await (await Post(path, json)).AssertValidationProblem(field);
        Assert.Empty(Sandbox.Journal.Requests);
    }

    [Fact]
    public async Task Every_send_is_deduplicated_by_idempotency_key()
    {
        var request = () =>
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/voice/send")
            {
                Content = Http.Json("""{"messages":[{"to":"+61411111111","body":"b","lang":"en-us","voice":"male"}]}"""),
            };
            message.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
            message.Headers.Add("Idempotency-Key", "voice-once");
            return message;
        };

        Assert.Equal(HttpStatusCode.OK, (await App.Client.SendAsync(request())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Client.SendAsync(request())).StatusCode);
        Assert.Single(Sandbox.Journal.For("ClickSend", "POST", "/voice/send"));
    }

    private static string Expand(string json) => json
        .Replace("__GSM1501__", new string('g', 1501), StringComparison.Ordinal)
        .Replace("__GSM1500__", new string('g', 1500), StringComparison.Ordinal)
        .Replace("__GSM1201__", new string('g', 1201), StringComparison.Ordinal)
        .Replace("__UNI501__", new string('ž', 501), StringComparison.Ordinal)
        .Replace("__UNI500__", new string('ž', 500), StringComparison.Ordinal);
}
