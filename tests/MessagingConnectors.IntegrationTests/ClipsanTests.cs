using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests;

[Collection(IntegrationGroup.Name)]
public sealed class ClipsanTests(Azurite azurite) : AppOnSandboxTests(azurite)
{
    private const string Key = "sandbox-clipsan-key";
    private const string KeyQuery = "key=" + Key;
    private Task<HttpResponseMessage> Call(HttpMethod method, string path, string? json = null, string? key = Key, TestApp? app = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = Http.Json(json);
        }

        if (key is not null)
        {
            request.Headers.Add("X-Clipsan-Key", key);
        }

        return (app ?? App).Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> Get(string path, string? key = Key) => Call(HttpMethod.Get, path, key: key);

    private List<RecordedRequest> Upstream => Sandbox.Journal.Requests.Where(r => r.Provider == "Clipsan").ToList();

    /// <summary>Asserts the one upstream call, its exact path and its exact (encoded) query string.</summary>
    private void AssertUpstream(string action, string query)
    {
        var request = Assert.Single(Upstream);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/clipsan/api/lead/{action}/", request.Path);
        Assert.Equal("?" + query, request.QueryString);
        Assert.Equal("", request.Body);
        Sandbox.Journal.Clear();
    }

    private static async Task<JsonObject> AssertClipsanProblem(HttpResponseMessage response, int status, string providerCode)
    {
        var problem = await response.AssertProblem(status);
        Assert.Equal("Clipsan", (string?)problem["provider"]);
        Assert.Equal(providerCode, (string?)problem["providerCode"]);
        return problem;
    }

    // ---- list ----

    [Fact]
    public async Task Lists_every_lead_as_an_array_from_Clipsans_map_keyed_by_id()
    {
        var response = await Get("api/clipsan/leads");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUpstream("list", KeyQuery);
        var body = await response.ReadJson();
        Assert.Equal("ok", (string?)body["result"]);
        Assert.Equal(2, (int)body["count"]!);
        var leads = body["data"]!.AsArray();
        Assert.Equal(["105019", "455554"], leads.Select(l => (string)l!["id"]!).ToArray());
        Assert.Equal("Krásná", (string?)leads[0]!["surname"]);
        Assert.Equal("521223115", (string?)leads[0]!["pin"]);
        Assert.Equal(1417432404, (long)leads[1]!["added"]!);
    }

    [Fact]
    public async Task Lists_leads_by_list_tag_and_user_with_every_value_url_encoded()
    {
        var response = await Get("api/clipsan/leads?list=news123&tag=clipsan");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUpstream("list", $"{KeyQuery}&list=news123&tag=clipsan");
        var body = await response.ReadJson();
        Assert.Equal("455554", (string?)Assert.Single(body["data"]!.AsArray())!["id"]);

        var odd = await Get("api/clipsan/leads?tag=" + Uri.EscapeDataString("a&b c/d@e?f=g") + "&user=1");
        Assert.Equal(HttpStatusCode.OK, odd.StatusCode);
        AssertUpstream("list", $"{KeyQuery}&tag=a%26b%20c%2Fd%40e%3Ff%3Dg&user=1");
        var empty = await odd.ReadJson();
        Assert.Equal(0, (int)empty["count"]!);
        Assert.Empty(empty["data"]!.AsArray());
    }

    [Fact]
    public async Task An_unknown_list_is_Clipsans_invalid_list_as_a_400()
    {
        var response = await Get("api/clipsan/leads?list=aaa");
        await AssertClipsanProblem(response, 400, "invalid list");
        AssertUpstream("list", $"{KeyQuery}&list=aaa");
    }

    [Fact]
    public async Task An_unknown_user_in_a_list_filter_is_a_404()
    {
        await AssertClipsanProblem(await Get("api/clipsan/leads?user=77"), 404, "user not found");
    }

    [Theory]
    [InlineData("api/clipsan/leads?list=a%20b", "list")]
    [InlineData("api/clipsan/leads?user=abc", "user")]
    [InlineData("api/clipsan/leads?tag=%20", "tag")]
    public async Task Bad_list_filters_are_a_400_naming_the_field_without_an_upstream_call(string path, string field)
    {
        await (await Get(path)).AssertValidationProblem(field);
        Assert.Empty(Upstream);
    }

    // ---- search ----

    [Fact]
    public async Task Searches_leads_by_name_with_the_query_url_encoded()
    {
        var response = await Get("api/clipsan/leads/search?query=" + Uri.EscapeDataString("Krásná"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUpstream("search", $"{KeyQuery}&query=Kr%C3%A1sn%C3%A1");
        var lead = Assert.Single((await response.ReadJson())["data"]!.AsArray())!;
        Assert.Equal("105019", (string?)lead["id"]);
        Assert.Equal("Petra", (string?)lead["firstname"]);
    }

    [Fact]
    public async Task A_one_letter_query_is_refused_with_the_minimum_length_before_Clipsan()
    {
        var problem = await (await Get("api/clipsan/leads/search?query=a")).AssertProblem(400);
        Assert.Equal("must be at least 2 characters (got 1).", (string)problem["errors"]!["query"]![0]!);
        Assert.Empty(Upstream);
        Assert.Equal(HttpStatusCode.OK, (await Get("api/clipsan/leads/search?query=ra")).StatusCode);
        AssertUpstream("search", $"{KeyQuery}&query=ra");
    }

    [Theory]
    [InlineData("api/clipsan/leads/search")]
    [InlineData("api/clipsan/leads/search?query=")]
    [InlineData("api/clipsan/leads/search?query=%20%20")]
    public async Task A_missing_query_is_a_400_without_an_upstream_call(string path)
    {
        await (await Get(path)).AssertValidationProblem("query");
        Assert.Empty(Upstream);
    }

    // ---- add or update ----

    [Fact]
    public async Task Adds_a_lead_with_every_field_encoded_upstream_and_returns_action_and_id()
    {
        var response = await Call(HttpMethod.Post, "api/clipsan/leads", """
            {"email":"jana.nova+news@example.cz","list":["news123","vip456"],"tag":"web form","firstname":"Jana",
             "surname":"Nová","phone":"+420 777 123 456","ip":"203.0.113.7","gender":"f","notformal":1,
             "referer":"https://example.cz/form?a=1&b=2","state":"active","lifecycle":"lead","funnel":"F42",
             "unique":1,"mute":0,"user":"1","data":{"city":"Brno","data_utm_source":"web & mail","company":"A/B s.r.o."}}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUpstream("add", $"{KeyQuery}&email=jana.nova%2Bnews%40example.cz&user=1&list[]=news123&list[]=vip456&tag=web%20form" +
                              "&firstname=Jana&surname=Nov%C3%A1&phone=%2B420%20777%20123%20456&ip=203.0.113.7&gender=f&notformal=1" +
                              "&referer=https%3A%2F%2Fexample.cz%2Fform%3Fa%3D1%26b%3D2&state=active&lifecycle=lead&funnel=F42" +
                              "&unique=1&mute=0&data_city=Brno&data_utm_source=web%20%26%20mail&data_company=A%2FB%20s.r.o.");
        var body = await response.ReadJson();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"result":"ok","action":"add","id":"1002"}"""), body), body.ToJsonString());

        var stored = Sandbox.Clipsan.Find("jana.nova+news@example.cz")!;
        Assert.Equal("Nová", (string?)stored["surname"]);
        Assert.Equal("female", (string?)stored["gender"]);
        Assert.Equal("web & mail", (string?)stored["data_utm_source"]);
        Assert.Equal(["news123", "vip456"], stored["lists"]!.AsArray().Select(l => (string)l!).ToArray());
        Assert.Equal(["web form"], stored["tags"]!.AsArray().Select(l => (string)l!).ToArray());
    }

    [Fact]
    public async Task Adding_a_known_email_updates_the_lead_and_one_list_goes_as_a_plain_parameter()
    {
        var response = await Call(HttpMethod.Post, "api/clipsan/leads", """{"email":"radekxxx@gmail.com","list":["shop789"],"lifecycle":"customer"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUpstream("add", $"{KeyQuery}&email=radekxxx%40gmail.com&list=shop789&lifecycle=customer");
        var body = await response.ReadJson();
        Assert.Equal("update", (string?)body["action"]);
        Assert.Equal("455554", (string?)body["id"]);
        Assert.Equal(["news123", "shop789"], Sandbox.Clipsan.Find("radekxxx@gmail.com")!["lists"]!.AsArray().Select(l => (string)l!).ToArray());
    }

    [Fact]
    public async Task Adds_a_lead_by_birth_number_alone_sent_without_its_slash()
    {
        var response = await Call(HttpMethod.Post, "api/clipsan/leads", """{"pin":"736028/5163","firstname":"Eva"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUpstream("add", $"{KeyQuery}&pin=7360285163&firstname=Eva");
        Assert.Equal("add", (string?)(await response.ReadJson())["action"]);
    }

    [Fact]
    public async Task An_unknown_user_or_list_on_add_is_a_404()
    {
        await AssertClipsanProblem(await Call(HttpMethod.Post, "api/clipsan/leads", """{"email":"a@example.cz","user":"99"}"""), 404, "user not found");
        await AssertClipsanProblem(await Call(HttpMethod.Post, "api/clipsan/leads", """{"email":"a@example.cz","list":["nope1"]}"""), 404, "list not found");
        Assert.Null(Sandbox.Clipsan.Find("a@example.cz"));
    }

    [Theory]
    [InlineData("""{}""", "email")]
    [InlineData("""{"firstname":"Jana"}""", "email")]
    [InlineData("""{"email":"not-an-email"}""", "email")]
    [InlineData("""{"email":"a@b"}""", "email")]
    [InlineData("""{"pin":"12345"}""", "pin")]
    [InlineData("""{"pin":"665317107x"}""", "pin")]
    [InlineData("""{"email":"a@example.cz","gender":"x"}""", "gender")]
    [InlineData("""{"email":"a@example.cz","gender":"male"}""", "gender")]
    [InlineData("""{"email":"a@example.cz","state":"paused"}""", "state")]
    [InlineData("""{"email":"a@example.cz","lifecycle":"vip"}""", "lifecycle")]
    [InlineData("""{"email":"a@example.cz","ip":"1"}""", "ip")]
    [InlineData("""{"email":"a@example.cz","ip":"999.1.1.1"}""", "ip")]
    [InlineData("""{"email":"a@example.cz","ip":"localhost"}""", "ip")]
    [InlineData("""{"email":"a@example.cz","notformal":2}""", "notformal")]
    [InlineData("""{"email":"a@example.cz","unique":5}""", "unique")]
    [InlineData("""{"email":"a@example.cz","mute":-1}""", "mute")]
    [InlineData("""{"email":"a@example.cz","mute":"yes"}""", "mute")]
    [InlineData("""{"email":"a@example.cz","phone":"call me"}""", "phone")]
    [InlineData("""{"email":"a@example.cz","user":"jana"}""", "user")]
    [InlineData("""{"email":"a@example.cz","list":["a b"]}""", "list[0]")]
    [InlineData("""{"email":"a@example.cz","list":"news123"}""", "list")]
    [InlineData("""{"email":"a@example.cz","funnel":"a&b"}""", "funnel")]
    [InlineData("""{"email":"a@example.cz","data":{"bad-code":"x"}}""", "data.bad-code")]
    [InlineData("""{"email":"a@example.cz","data":{"a b":"x"}}""", "data.a b")]
    [InlineData("""{"email":"a@example.cz","data":{"city":"x","data_city":"y"}}""", "data.data_city")]
    [InlineData("""{"email":"a@example.cz","nickname":"x"}""", "nickname")]
    [InlineData("""{"email":"a@example.cz","firstname":"a\u0000b"}""", "firstname")]
    public async Task Bad_lead_fields_are_a_400_naming_the_field_and_never_reach_Clipsan(string json, string field)
    {
        await (await Call(HttpMethod.Post, "api/clipsan/leads", json)).AssertValidationProblem(field);
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task A_lead_too_long_for_Clipsans_url_is_a_400()
    {
        var data = string.Join(",", Enumerable.Range(0, 20).Select(i => $"\"f{i}\":\"{new string('ř', 900)}\""));
        await (await Call(HttpMethod.Post, "api/clipsan/leads", """{"email":"a@example.cz","data":{""" + data + "}}")).AssertValidationProblem("body");
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task An_add_is_not_retried_when_Clipsan_fails_because_it_may_have_started_an_automation()
    {
        Sandbox.Faults.Set("Clipsan", new Fault(FaultKind.Status, Status: 503));
        var problem = await (await Call(HttpMethod.Post, "api/clipsan/leads", """{"email":"a@example.cz","funnel":"F1"}""")).AssertProblem(502);
        Assert.Equal(503, (int)problem["providerStatus"]!);
        Assert.Single(Upstream);
    }

    // ---- view ----

    [Fact]
    public async Task Views_a_lead_by_id_with_its_lists_tags_and_custom_fields()
    {
        var response = await Get("api/clipsan/leads/view?id=105019");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUpstream("view", $"{KeyQuery}&id=105019");
        var lead = (await response.ReadJson())["lead"]!;
        Assert.Equal("105019", (string?)lead["id"]);
        Assert.Equal(["vip456"], lead["lists"]!.AsArray().Select(l => (string)l!).ToArray());
        Assert.Empty(lead["tags"]!.AsArray());
        Assert.Equal("Brno", (string?)lead["data_city"]);
    }

    [Fact]
    public async Task Views_a_lead_by_email_and_by_birth_number()
    {
        var byEmail = await Get("api/clipsan/leads/view?email=" + Uri.EscapeDataString("radekxxx@gmail.com"));
        Assert.Equal(HttpStatusCode.OK, byEmail.StatusCode);
        AssertUpstream("view", $"{KeyQuery}&email=radekxxx%40gmail.com");
        Assert.Equal("455554", (string?)(await byEmail.ReadJson())["lead"]!["id"]);

        var byPin = await Get("api/clipsan/leads/view?pin=521223115");
        Assert.Equal(HttpStatusCode.OK, byPin.StatusCode);
        AssertUpstream("view", $"{KeyQuery}&pin=521223115");
        Assert.Equal("105019", (string?)(await byPin.ReadJson())["lead"]!["id"]);
    }

    [Fact]
    public async Task An_unknown_lead_is_a_404_whatever_HTTP_status_Clipsan_sends_with_its_error()
    {
        await AssertClipsanProblem(await Get("api/clipsan/leads/view?email=vaclav%40clipsana.com"), 404, "lead not found");
        AssertUpstream("view", $"{KeyQuery}&email=vaclav%40clipsana.com");

        Sandbox.Clipsan.ErrorStatus = 400;
        var problem = await AssertClipsanProblem(await Get("api/clipsan/leads/view?id=1"), 404, "lead not found");
        Assert.Equal(400, (int)problem["providerStatus"]!);
    }

    [Theory]
    [InlineData("api/clipsan/leads/view", "id")]
    [InlineData("api/clipsan/leads/view?id=1&email=a%40example.cz", "email")]
    [InlineData("api/clipsan/leads/view?email=a%40example.cz&pin=665317107", "pin")]
    [InlineData("api/clipsan/leads/view?id=12a", "id")]
    [InlineData("api/clipsan/leads/view?email=nope", "email")]
    [InlineData("api/clipsan/leads/view?pin=66531", "pin")]
    public async Task A_view_needs_exactly_one_valid_identifier(string path, string field)
    {
        await (await Get(path)).AssertValidationProblem(field);
        Assert.Empty(Upstream);
    }

    // ---- modify ----

    [Fact]
    public async Task Removes_a_lead_from_a_list_and_a_tag_and_returns_the_lead()
    {
        var response = await Call(HttpMethod.Patch, "api/clipsan/leads/modify", """{"email":"radekxxx@gmail.com","list":"news123","tag":"clipsan"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUpstream("modify", $"{KeyQuery}&email=radekxxx%40gmail.com&list=news123&tag=clipsan");
        var lead = (await response.ReadJson())["lead"]!;
        Assert.Equal("455554", (string?)lead["id"]);
        Assert.Empty(lead["lists"]!.AsArray());
        Assert.Empty(lead["tags"]!.AsArray());
    }

    [Fact]
    public async Task Modify_maps_list_not_found_and_lead_not_found_to_404()
    {
        await AssertClipsanProblem(await Call(HttpMethod.Patch, "api/clipsan/leads/modify", """{"id":"455554","list":"12345a"}"""), 404, "list not found");
        AssertUpstream("modify", $"{KeyQuery}&id=455554&list=12345a");
        await AssertClipsanProblem(await Call(HttpMethod.Patch, "api/clipsan/leads/modify", """{"pin":"665317107","tag":"x"}"""), 404, "lead not found");
        AssertUpstream("modify", $"{KeyQuery}&pin=665317107&tag=x");
    }

    [Theory]
    [InlineData("""{"list":"news123"}""", "id")]
    [InlineData("""{"id":"1","pin":"665317107","list":"news123"}""", "pin")]
    [InlineData("""{"id":"1"}""", "list")]
    [InlineData("""{"id":"1","list":"a/b"}""", "list")]
    [InlineData("""{"id":"1","tag":"x","extra":true}""", "extra")]
    public async Task A_modify_needs_one_identifier_and_something_to_remove(string json, string field)
    {
        await (await Call(HttpMethod.Patch, "api/clipsan/leads/modify", json)).AssertValidationProblem(field);
        Assert.Empty(Upstream);
    }

    // ---- delete ----

    [Fact]
    public async Task Deletes_a_lead_by_birth_number_and_a_second_delete_is_a_404()
    {
        var response = await Call(HttpMethod.Delete, "api/clipsan/leads?pin=521223115");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUpstream("delete", $"{KeyQuery}&pin=521223115");
        Assert.Equal("ok", (string?)(await response.ReadJson())["result"]);
        Assert.Equal(1, Sandbox.Clipsan.Count);

        await AssertClipsanProblem(await Call(HttpMethod.Delete, "api/clipsan/leads?pin=521223115"), 404, "lead not found");
    }

    [Fact]
    public async Task Deletes_a_lead_by_id_or_email()
    {
        Assert.Equal(HttpStatusCode.OK, (await Call(HttpMethod.Delete, "api/clipsan/leads?email=radekxxx%40gmail.com")).StatusCode);
        AssertUpstream("delete", $"{KeyQuery}&email=radekxxx%40gmail.com");
        Assert.Equal(HttpStatusCode.OK, (await Call(HttpMethod.Delete, "api/clipsan/leads?id=105019")).StatusCode);
        AssertUpstream("delete", $"{KeyQuery}&id=105019");
        Assert.Equal(0, Sandbox.Clipsan.Count);
    }

    [Fact]
    public async Task A_delete_without_an_identifier_is_a_400()
    {
        await (await Call(HttpMethod.Delete, "api/clipsan/leads")).AssertValidationProblem("id");
        Assert.Empty(Upstream);
    }

    // ---- credentials and provider failures ----

    [Fact]
    public async Task A_key_Clipsan_refuses_is_a_401_problem()
    {
        var problem = await AssertClipsanProblem(await Get("api/clipsan/leads", key: "wrong-key"), 401, "invalid key");
        Assert.DoesNotContain("wrong-key", problem.ToJsonString(), StringComparison.Ordinal);
        AssertUpstream("list", "key=wrong-key");
    }

    [Fact]
    public async Task A_missing_key_is_a_401_problem_without_an_upstream_call()
    {
        await (await Get("api/clipsan/leads", key: null)).AssertProblem(401);
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task The_key_setting_is_the_fallback_and_the_header_wins()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>(TestApp.Settings(Azurite, Sandbox)) { ["Clipsan:Key"] = Key });
        Assert.Equal(HttpStatusCode.OK, (await Call(HttpMethod.Get, "api/clipsan/leads", key: null, app: app)).StatusCode);
        AssertUpstream("list", KeyQuery);
        await AssertClipsanProblem(await Call(HttpMethod.Get, "api/clipsan/leads", key: "header-key", app: app), 401, "invalid key");
        AssertUpstream("list", "key=header-key");
    }

    [Fact]
    public async Task Clipsan_5xx_is_a_502_and_a_read_is_retried()
    {
        Sandbox.Faults.Set("Clipsan", new Fault(FaultKind.Status, Status: 500));
        var problem = await AssertClipsanProblem(await Get("api/clipsan/leads/view?id=105019"), 502, "internal error");
        Assert.Equal(500, (int)problem["providerStatus"]!);
        Assert.Equal(3, Upstream.Count);

        Sandbox.Journal.Clear();
        Sandbox.Faults.Set("Clipsan", new Fault(FaultKind.Status, Status: 503, Count: 1));
        Assert.Equal(HttpStatusCode.OK, (await Get("api/clipsan/leads/view?id=105019")).StatusCode);
        Assert.Equal(2, Upstream.Count);
    }

    [Fact]
    public async Task Clipsan_429_is_a_429_with_Retry_After()
    {
        Sandbox.Faults.Set("Clipsan", new Fault(FaultKind.Status, Status: 429, RetryAfter: 60));
        var response = await Call(HttpMethod.Post, "api/clipsan/leads", """{"email":"a@example.cz"}""");
        await AssertClipsanProblem(response, 429, "too many requests");
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData(FaultKind.Malformed)]
    [InlineData(FaultKind.Empty)]
    public async Task An_answer_that_is_not_Clipsan_json_is_a_502(FaultKind kind)
    {
        Sandbox.Faults.Set("Clipsan", new Fault(kind));
        await AssertClipsanProblem(await Get("api/clipsan/leads"), 502, "INVALID_RESPONSE");
    }

    [Fact]
    public async Task A_Clipsan_that_never_answers_is_a_504()
    {
        Sandbox.Faults.Set("Clipsan", new Fault(FaultKind.Hang));
        await AssertClipsanProblem(await Call(HttpMethod.Post, "api/clipsan/leads", """{"email":"a@example.cz"}"""), 504, "TIMEOUT");
    }

    // ---- personal data and secrets ----

    [Fact]
    public async Task Neither_the_key_nor_a_birth_number_appears_in_any_log_line_or_trace()
    {
        const string pin = "7360285163";
        const string pinWithSlash = "736028/5163";
        const string wrongKey = "wrong-clipsan-key-4711";
        var traces = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) =>
                System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => traces.Enqueue(string.Join(" | ",
                new[] { activity.Source.Name, activity.OperationName, activity.DisplayName, activity.StatusDescription ?? "" }
                    .Concat(activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))
                    .Concat(activity.Baggage.Select(b => $"{b.Key}={b.Value}"))
                    .Concat(activity.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}").Prepend(e.Name))))),
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        var calls = new (HttpMethod Method, string Path, string? Json)[]
        {
            (HttpMethod.Get, "api/clipsan/leads?list=news123", null),
            (HttpMethod.Get, "api/clipsan/leads/search?query=Eva", null),
            (HttpMethod.Post, "api/clipsan/leads", $$$"""{"pin":"{{{pinWithSlash}}}","email":"eva@example.cz","firstname":"Eva","data":{"city":"Brno"}}"""),
            (HttpMethod.Post, "api/clipsan/leads", $$"""{"pin":"{{pin}}"}"""),
            (HttpMethod.Get, $"api/clipsan/leads/view?pin={pin}", null),
            (HttpMethod.Get, $"api/clipsan/leads/view?pin={Uri.EscapeDataString(pinWithSlash)}", null),
            (HttpMethod.Get, $"api/clipsan/leads/view?pin={pin}1", null),
            (HttpMethod.Get, $"api/clipsan/leads/view?pin={pin}&email=eva%40example.cz", null),
            (HttpMethod.Patch, "api/clipsan/leads/modify", $$"""{"pin":"{{pin}}","tag":"x"}"""),
            (HttpMethod.Patch, "api/clipsan/leads/modify", $$"""{"pin":"{{pin}}","list":"12345a"}"""),
            (HttpMethod.Delete, $"api/clipsan/leads?pin={pin}", null),
            (HttpMethod.Delete, $"api/clipsan/leads?pin={pin}", null),
            (HttpMethod.Get, $"api/clipsan/leads/view?pin=665317107", null),
        };
        foreach (var (method, path, json) in calls)
        {
            await Call(method, path, json);
            await Call(method, path, json, key: wrongKey);
        }

        foreach (var fault in new[] { new Fault(FaultKind.Status, Status: 500, Count: 3), new Fault(FaultKind.Reset, Count: 3), new Fault(FaultKind.Malformed, Count: 1) })
        {
            Sandbox.Faults.Set("Clipsan", fault);
            await Get($"api/clipsan/leads/view?pin={pin}");
        }

        Sandbox.Faults.Set("Clipsan", new Fault(FaultKind.Status, Status: 500, Count: 1));
        await Call(HttpMethod.Post, "api/clipsan/leads", $$"""{"pin":"{{pin}}"}""");

        // The contact-change receiver: Clipsan brings the pin in the query, to an app that takes it and to one that refuses its address.
        var receiving = await TestApp.StartAsync(new Dictionary<string, string?>(TestApp.Settings(Azurite, Sandbox))
        {
            ["Clipsan:NotificationCallers"] = "127.0.0.1", ["Webhooks:AllowLoopbackCallbacks"] = "true",
        });
        await using (receiving)
        {
            var subscribed = await Call(HttpMethod.Post, "api/clipsan/notifications/subscriptions", """{"callback_url":"http://127.0.0.1:9/flow","enrich":true}""", app: receiving);
            Sandbox.Clipsan.NotificationUrl = (string)(await subscribed.ReadJson())["notification_url"]!;
            Assert.Equal(HttpStatusCode.OK, await Sandbox.Clipsan.NotifyAsync(null, null, pin, "1700000000"));
            Sandbox.Clipsan.NotificationUrl = Sandbox.Clipsan.NotificationUrl.Replace(receiving.BaseAddress.ToString(), App.BaseAddress.ToString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, await Sandbox.Clipsan.NotifyAsync(null, null, pin, "1700000000"));
            var leak = receiving.Logs.Lines.FirstOrDefault(line => line.Contains(pin, StringComparison.Ordinal) || line.Contains(Key, StringComparison.Ordinal));
            Assert.True(leak is null, $"a log line of the receiver holds a secret: {leak}");
            Assert.Contains(receiving.Logs.Lines, line => line.Contains("Clipsan notification for", StringComparison.Ordinal));
        }

        // The calls really carried the key and the pin upstream.
        Assert.Contains(Upstream, r => r.QueryString.Contains($"{KeyQuery}&pin={pin}", StringComparison.Ordinal));
        Assert.Contains(Upstream, r => r.QueryString.Contains($"key={wrongKey}&pin={pin}", StringComparison.Ordinal));

        var lines = App.Logs.Lines;
        Assert.Contains(lines, line => line.Contains("Clipsan lead/view answered 200", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("/api/clipsan/leads/view", StringComparison.Ordinal));
        Assert.Contains(traces, trace => trace.Contains("System.Net.Http", StringComparison.Ordinal));
        foreach (var secret in new[] { Key, wrongKey, pin, pinWithSlash, Uri.EscapeDataString(pinWithSlash), "665317107" })
        {
            var leak = lines.FirstOrDefault(line => line.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"a log line holds {secret}: {leak}");
            var traced = traces.FirstOrDefault(trace => trace.Contains(secret, StringComparison.Ordinal));
            Assert.True(traced is null, $"a trace holds {secret}: {traced}");
        }
    }

    [Fact]
    public void A_pin_is_masked_wherever_a_lead_or_query_is_turned_into_text()
    {
        var request = new MessagingConnectors.Clipsan.ClipsanAddLeadRequest { Email = "eva@example.cz", Pin = "7360285163" };
        Assert.DoesNotContain("7360285163", request.ToString(), StringComparison.Ordinal);
        Assert.Contains("********63", request.ToString(), StringComparison.Ordinal);
        var identifier = new MessagingConnectors.Clipsan.ClipsanLeadIdentifier("pin", "7360285163");
        Assert.Equal("pin ********63", identifier.ToString());
        Assert.Equal("*******07", MessagingConnectors.Clipsan.ClipsanRules.MaskPin("665317107"));
    }

    // ---- documents ----

    [Fact]
    public async Task The_swagger_document_describes_every_clipsan_operation()
    {
        var document = await (await App.Client.GetAsync("api/swagger.json")).ReadJson();
        var paths = document["paths"]!;
        Assert.Equal("ClipsanListLeads", (string?)paths["/clipsan/leads"]!["get"]!["operationId"]);
        Assert.Equal("ClipsanAddOrUpdateLead", (string?)paths["/clipsan/leads"]!["post"]!["operationId"]);
        Assert.Equal("ClipsanDeleteLead", (string?)paths["/clipsan/leads"]!["delete"]!["operationId"]);
        Assert.Equal("ClipsanSearchLeads", (string?)paths["/clipsan/leads/search"]!["get"]!["operationId"]);
        Assert.Equal("ClipsanViewLead", (string?)paths["/clipsan/leads/view"]!["get"]!["operationId"]);
        Assert.Equal("ClipsanRemoveLeadFromListOrTag", (string?)paths["/clipsan/leads/modify"]!["patch"]!["operationId"]);
        var query = paths["/clipsan/leads/search"]!["get"]!["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "query")!;
        Assert.Equal("Query", (string?)query["x-ms-summary"]);
        Assert.True((bool?)query["required"]);
        Assert.Equal("Gender", (string?)document["definitions"]!["ClipsanAddLeadRequest"]!["properties"]!["gender"]!["x-ms-summary"]);
    }
}
