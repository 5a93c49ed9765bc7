using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;

namespace MessagingConnectors.IntegrationTests.SerwerSms;

[Collection(IntegrationGroup.Name)]
public sealed class SerwerSmsMessagesTests(Azurite azurite) : SerwerSmsTestBase(azurite)
{
    [Fact]
    public async Task Send_to_phones_sends_every_option_with_details_and_returns_each_recipient()
    {
        var response = await Call(HttpMethod.Post, "messages/send", """
            {"phone":["500600700","+48600700800"],"text":"Zażółć gęślą jaźń","sender":"INFORMACJA","utf":true,"flash":false,
             "test":true,"date":"2030-05-01T12:30:00+02:00"}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("messages/send_sms", """
            {"phone":["+48500600700","+48600700800"],"text":"Zażółć gęślą jaźń","sender":"INFORMACJA","utf":true,"flash":false,
             "test":true,"date":"2030-05-01T12:30:00+02:00","details":true}
            """);
        var body = await response.ReadJson();
        Assert.True((bool)body["success"]!);
        Assert.Equal(2, (int)body["queued"]!);
        Assert.Equal(2, (int)body["accepted_count"]!);
        Assert.Equal(0, (int)body["rejected_count"]!);
        Assert.Equal("queued", (string?)body["items"]![1]!["status"]);
        Assert.Equal("+48600700800", (string?)body["items"]![1]!["phone"]);
    }

    [Fact]
    public async Task Send_to_one_phone_sends_it_as_a_string()
    {
        var response = await Call(HttpMethod.Post, "messages/send", """{"phone":"+48500600700","text":"Hej"}""", SerwerSmsAuth.User);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("messages/send_sms", """{"phone":"+48500600700","text":"Hej","details":true}""", SerwerSmsAuth.User);
    }

    [Fact]
    public async Task Send_to_a_group_reaches_its_contacts()
    {
        var group = Sandbox.SerwerSms.AddGroup("Klienci");
        Sandbox.SerwerSms.AddContact("+48500600700", null, group);
        Sandbox.SerwerSms.AddContact("+48600700800", null, group);

        var response = await Call(HttpMethod.Post, "messages/send", $$"""{"group_id":"{{group}}","text":"Promocja"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("messages/send_sms", $$"""{"group_id":{{group}},"text":"Promocja","details":true}""");
        Assert.Equal(2, (int)(await response.ReadJson())["accepted_count"]!);
    }

    [Fact]
    public async Task Partial_rejection_is_counted_with_each_reason()
    {
        var response = await Call(HttpMethod.Post, "messages/send", """{"phone":["+48500600700","+48500600000"],"text":"x"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJson();
        Assert.Equal(1, (int)body["accepted_count"]!);
        Assert.Equal(1, (int)body["rejected_count"]!);
        Assert.Equal("unsent", (string?)body["items"]![1]!["status"]);
        Assert.Equal("wrong_number", (string?)body["items"]![1]!["error_message"]);
    }

    [Fact]
    public async Task A_send_where_every_recipient_is_rejected_is_a_422_problem()
    {
        var response = await Call(HttpMethod.Post, "messages/send", """{"phone":"+48500600000","text":"x"}""");
        var problem = await response.AssertProblem(422);
        Assert.Equal("SerwerSMS", (string?)problem["provider"]);
        Assert.Equal("wrong_number", (string?)problem["rejected"]![0]!["status"]);
    }

    [Fact]
    public async Task A_repeated_send_with_the_same_key_is_answered_from_the_first_outcome()
    {
        void Key(HttpRequestMessage r) => r.Headers.Add("Idempotency-Key", "serwersms-key-1");
        var first = await Call(HttpMethod.Post, "messages/send", """{"phone":"+48500600700","text":"raz"}""", decorate: Key);
        var second = await Call(HttpMethod.Post, "messages/send", """{"phone":"+48500600700","text":"raz"}""", decorate: Key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Single(Upstream);

        // The same key under another account is a different send.
        var other = await Call(HttpMethod.Post, "messages/send", """{"phone":"+48500600700","text":"raz"}""", SerwerSmsAuth.User, decorate: Key);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(2, Upstream.Count);
    }

    [Fact]
    public async Task A_send_limit_is_a_402_problem_and_is_not_retried()
    {
        Sandbox.SerwerSms.FailNext(3000, "SendError", "Brak wystarczającej liczby punktów.");
        var problem = await (await Call(HttpMethod.Post, "messages/send", """{"phone":"+48500600700","text":"x"}""")).AssertProblem(402);
        Assert.Equal("3000", (string?)problem["providerCode"]);
        Assert.Equal("SendError", (string?)problem["providerType"]);
        Assert.Equal("SerwerSMS refused the send: an account limit is reached (3000 SendError).", (string?)problem["detail"]);
        Assert.Equal("Brak wystarczającej liczby punktów.", (string?)problem["providerMessage"]);
        Assert.Single(Upstream);
    }

    [Fact]
    public async Task An_unknown_sender_is_SerwerSMS_validation_error_as_a_400_problem()
    {
        var problem = await (await Call(HttpMethod.Post, "messages/send", """{"phone":"+48500600700","text":"x","sender":"Nieznany"}""")).AssertProblem(400);
        Assert.Equal("2000", (string?)problem["providerCode"]);
    }

    [Theory]
    [InlineData("""{"text":"x"}""", "phone")]
    [InlineData("""{"phone":"+48500600700","group_id":5,"text":"x"}""", "group_id")]
    [InlineData("""{"phone":"12","text":"x"}""", "phone")]
    [InlineData("""{"phone":["+48500600700","nope"],"text":"x"}""", "phone[1]")]
    [InlineData("""{"phone":"+48500600700"}""", "text")]
    [InlineData("""{"phone":"+48500600700","text":""}""", "text")]
    [InlineData("""{"phone":"+48500600700","text":"x","sender":"TwelveLetter"}""", "sender")]
    [InlineData("""{"phone":"+48500600700","text":"x","utf":"maybe"}""", "utf")]
    [InlineData("""{"phone":"+48500600700","text":"x","date":"tomorrow"}""", "date")]
    [InlineData("""{"phone":"+48500600700","text":"x","message":"y"}""", "message")]
    [InlineData("""{"group_id":0,"text":"x"}""", "group_id")]
    public async Task Bad_send_bodies_are_a_400_naming_the_field_and_never_reach_SerwerSMS(string json, string field)
    {
        await (await Call(HttpMethod.Post, "messages/send", json)).AssertValidationProblem(field);
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task A_send_without_credentials_is_a_401_problem()
    {
        await (await Call(HttpMethod.Post, "messages/send", """{"phone":"+48500600700","text":"x"}""", SerwerSmsAuth.None)).AssertProblem(401);
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task Add_to_blacklist_sends_the_normalised_phone()
    {
        var response = await Call(HttpMethod.Post, "blacklist", """{"phone":"500 600 700"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("blacklist/add", """{"phone":"+48500600700"}""");
        var body = await response.ReadJson();
        Assert.True((bool)body["success"]!);
        Assert.NotNull(body["id"]);
        Assert.True(Sandbox.SerwerSms.IsBlacklisted("+48500600700"));

        var send = await Call(HttpMethod.Post, "messages/send", """{"phone":"+48500600700","text":"x"}""");
        Assert.Equal("number_is_blacklisted", (string?)(await send.AssertProblem(422))["rejected"]![0]!["status"]);
    }

    [Theory]
    [InlineData("""{}""", "phone")]
    [InlineData("""{"phone":"abc"}""", "phone")]
    public async Task Bad_blacklist_bodies_are_a_400(string json, string field)
    {
        await (await Call(HttpMethod.Post, "blacklist", json)).AssertValidationProblem(field);
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task Sender_picker_lists_the_authorised_sender_names()
    {
        var response = await Call(HttpMethod.Get, "senders");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("senders/index", """{"sort":"name","order":"asc"}""");
        var body = await response.ReadJson();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"id":"INFORMACJA","title":"INFORMACJA"},{"id":"Sklep","title":"Sklep"}]"""), body),
            body.ToJsonString());
    }

    [Fact]
    public async Task Sender_picker_can_include_predefined_names()
    {
        var response = await Call(HttpMethod.Get, "senders?predefined=true", auth: SerwerSmsAuth.User);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("senders/index", """{"predefined":true,"sort":"name","order":"asc"}""", SerwerSmsAuth.User);
        Assert.Equal(3, (await response.ReadJson()).AsArray().Count);
        await (await Call(HttpMethod.Get, "senders?predefined=yes")).AssertValidationProblem("predefined");
    }
    [Fact]
    public async Task No_SerwerSMS_token_or_password_appears_in_any_log_line()
    {
        void Key(HttpRequestMessage r) => r.Headers.Add("Idempotency-Key", "log-check");
        await Call(HttpMethod.Post, "messages/send", """{"phone":"+48500600700","text":"x"}""", decorate: Key);
        await Call(HttpMethod.Post, "messages/send", """{"phone":"+48500600700","text":"x"}""", SerwerSmsAuth.User, decorate: Key);
        await Call(HttpMethod.Get, "groups", auth: SerwerSmsAuth.None, decorate: r => r.Headers.Add("X-SerwerSMS-Token", "wrong-token-secret"));
        Sandbox.Faults.Set("SerwerSMS", new MessagingConnectors.Sandbox.Fault(MessagingConnectors.Sandbox.FaultKind.Reset, Count: 1));
        await Call(HttpMethod.Get, "groups");

        var lines = App.Logs.Lines;
        Assert.NotEmpty(lines);
        foreach (var secret in new[] { "sandbox-token", "sandbox-password", "wrong-token-secret" })
        {
            var leak = lines.FirstOrDefault(line => line.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"a log line holds a secret: {leak}");
        }
    }
}
