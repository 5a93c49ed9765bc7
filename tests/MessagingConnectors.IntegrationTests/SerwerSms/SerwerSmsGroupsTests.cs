using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests.SerwerSms;

[Collection(IntegrationGroup.Name)]
public sealed class SerwerSmsGroupsTests(Azurite azurite) : SerwerSmsTestBase(azurite)
{
    [Fact]
    public async Task List_groups_passes_search_sort_order_page_and_limit_and_returns_items_with_paging()
    {
        Sandbox.SerwerSms.AddGroup("Klienci A");
        Sandbox.SerwerSms.AddGroup("Klienci B");
        Sandbox.SerwerSms.AddGroup("Dostawcy");

        var response = await Call(HttpMethod.Get, "groups?search=klienci&sort=name&order=desc&page=1&limit=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/index", """{"search":"klienci","sort":"name","order":"desc","page":1,"limit":1}""");
        var body = await response.ReadJson();
        Assert.Equal("Klienci B", (string?)body["items"]![0]!["name"]);
        Assert.Single(body["items"]!.AsArray());
        Assert.Equal(2, (int)body["paging"]!["count"]!);
    }

    [Fact]
    public async Task List_groups_without_filters_sends_an_empty_body()
    {
        var response = await Call(HttpMethod.Get, "groups");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/index", "{}");
        Assert.Empty((await response.ReadJson())["items"]!.AsArray());
    }

    [Fact]
    public async Task Create_group_sends_the_name_and_returns_the_new_id()
    {
        var response = await Call(HttpMethod.Post, "groups", """{"name":"Nowa grupa"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/add", """{"name":"Nowa grupa"}""");
        var body = await response.ReadJson();
        Assert.True((bool)body["success"]!);
        Assert.Equal("Nowa grupa", Sandbox.SerwerSms.GroupName((long)body["id"]!));
    }

    [Fact]
    public async Task Get_group_returns_its_name_and_contact_count()
    {
        var id = Sandbox.SerwerSms.AddGroup("Grupa testowa");
        Sandbox.SerwerSms.AddContact("+48500600700", "Jan", id);

        var response = await Call(HttpMethod.Get, $"groups/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/view", $$"""{"id":{{id}}}""");
        var body = await response.ReadJson();
        Assert.Equal(id, (long)body["id"]!);
        Assert.Equal("Grupa testowa", (string?)body["name"]);
        Assert.Equal(1, (int)body["count"]!);
    }

    [Fact]
    public async Task Rename_group_sends_the_id_and_new_name()
    {
        var id = Sandbox.SerwerSms.AddGroup("Stara");
        var response = await Call(HttpMethod.Put, $"groups/{id}", """{"name":"Nowa nazwa"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/edit", $$"""{"id":{{id}},"name":"Nowa nazwa"}""");
        Assert.Equal(id, (long)(await response.ReadJson())["id"]!);
        Assert.Equal("Nowa nazwa", Sandbox.SerwerSms.GroupName(id));
    }

    [Fact]
    public async Task Delete_group_keeps_its_contacts_unless_asked()
    {
        var id = Sandbox.SerwerSms.AddGroup("Do usunięcia");
        var contact = Sandbox.SerwerSms.AddContact("+48500600700", null, id);

        var response = await Call(HttpMethod.Delete, $"groups/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/delete", $$"""{"id":{{id}}}""");
        Assert.True((bool)(await response.ReadJson())["success"]!);
        Assert.False(Sandbox.SerwerSms.HasGroup(id));
        Assert.True(Sandbox.SerwerSms.HasContact(contact));
    }

    [Fact]
    public async Task Delete_group_with_its_contacts()
    {
        var id = Sandbox.SerwerSms.AddGroup("Do usunięcia");
        var contact = Sandbox.SerwerSms.AddContact("+48500600700", null, id);

        var response = await Call(HttpMethod.Delete, $"groups/{id}?delete_contacts=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/delete", $$"""{"id":{{id}},"delete_contacts":true}""");
        Assert.False(Sandbox.SerwerSms.HasContact(contact));
    }

    [Fact]
    public async Task Check_lists_the_groups_of_a_phone_number_normalising_a_polish_number()
    {
        var first = Sandbox.SerwerSms.AddGroup("Pierwsza");
        var second = Sandbox.SerwerSms.AddGroup("Druga");
        var contact = Sandbox.SerwerSms.AddContact("+48500600700", null, first, second);

        var response = await Call(HttpMethod.Get, "groups/check?phone=500%20600%20700");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/check", """{"phone":"+48500600700"}""");
        var items = (await response.ReadJson())["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal(contact, (long)items[0]!["id"]!);
        Assert.Equal(first, (long)items[0]!["group_id"]!);
        Assert.Equal("Druga", (string?)items[1]!["group_name"]);
    }

    [Fact]
    public async Task Group_picker_returns_id_and_title_sorted_by_name()
    {
        var b = Sandbox.SerwerSms.AddGroup("Beta");
        var a = Sandbox.SerwerSms.AddGroup("Alfa");

        var response = await Call(HttpMethod.Get, "groups/picker");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/index", """{"sort":"name","order":"asc"}""");
        var body = await response.ReadJson();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""[{"id":{{a}},"title":"Alfa"},{"id":{{b}},"title":"Beta"}]"""), body), body.ToJsonString());
    }

    [Theory]
    [InlineData("groups?sort=count", "sort")]
    [InlineData("groups?order=up", "order")]
    [InlineData("groups?page=0", "page")]
    [InlineData("groups?page=abc", "page")]
    [InlineData("groups?limit=-5", "limit")]
    [InlineData("groups/check", "phone")]
    [InlineData("groups/check?phone=12", "phone")]
    [InlineData("groups/check?phone=%2B4850060070099", "phone")]
    public async Task Bad_query_values_are_a_400_naming_the_field_and_never_reach_SerwerSMS(string path, string field)
    {
        var response = await Call(HttpMethod.Get, path);
        await response.AssertValidationProblem(field);
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task Delete_contacts_must_be_a_boolean()
    {
        await (await Call(HttpMethod.Delete, "groups/5?delete_contacts=maybe")).AssertValidationProblem("delete_contacts");
        Assert.Empty(Upstream);
    }

    [Theory]
    [InlineData("""{}""", "name")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"__LONG__"}""", "name")]
    [InlineData("""{"name":"x","colour":"red"}""", "colour")]
    [InlineData("""{"name":5}""", "name")]
    public async Task Bad_group_bodies_are_a_400_naming_the_field(string json, string field)
    {
        var response = await Call(HttpMethod.Post, "groups", json.Replace("__LONG__", new string('g', 101), StringComparison.Ordinal));
        await response.AssertValidationProblem(field);
        var rename = await Call(HttpMethod.Put, "groups/5", json.Replace("__LONG__", new string('g', 101), StringComparison.Ordinal));
        await rename.AssertValidationProblem(field);
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task A_name_of_exactly_100_characters_is_accepted()
    {
        var response = await Call(HttpMethod.Post, "groups", $$"""{"name":"{{new string('g', 100)}}"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_group_is_a_404_problem_with_SerwerSMS_code_type_and_message()
    {
        var response = await Call(HttpMethod.Get, "groups/999");
        var problem = await response.AssertProblem(404);
        Assert.Equal("SerwerSMS", (string?)problem["provider"]);
        Assert.Equal("1004", (string?)problem["providerCode"]);
        Assert.Equal("InvalidID", (string?)problem["providerType"]);
        Assert.Equal("SerwerSMS has no item with this ID (1004 InvalidID).", (string?)problem["detail"]);
        Assert.Equal("Niepoprawny identyfikator grupy.", (string?)problem["providerMessage"]);
    }

    [Fact]
    public async Task An_error_body_is_a_failure_whatever_the_HTTP_status()
    {
        Sandbox.SerwerSms.ErrorStatus = 400;
        var problem = await (await Call(HttpMethod.Get, "groups/999")).AssertProblem(404);
        Assert.Equal("1004", (string?)problem["providerCode"]);
        Assert.Equal(400, (int)problem["providerStatus"]!);
    }

    [Fact]
    public async Task Username_and_password_from_headers_go_in_the_upstream_body()
    {
        var response = await Call(HttpMethod.Post, "groups", """{"name":"Grupa"}""", SerwerSmsAuth.User);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/add", """{"name":"Grupa"}""", SerwerSmsAuth.User);
    }

    [Fact]
    public async Task A_token_from_settings_is_used_when_the_request_has_no_credentials()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>(TestApp.Settings(Azurite, Sandbox))
        {
            ["SerwerSms:Token"] = "sandbox-token",
        });
        var response = await Call(HttpMethod.Get, "groups", auth: SerwerSmsAuth.None, app: app);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/index", "{}");
    }

    [Fact]
    public async Task Username_and_password_from_settings_are_used_when_the_request_has_no_credentials()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>(TestApp.Settings(Azurite, Sandbox))
        {
            ["SerwerSms:Username"] = "sandbox",
            ["SerwerSms:Password"] = "sandbox-password",
        });
        var response = await Call(HttpMethod.Get, "groups", auth: SerwerSmsAuth.None, app: app);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/index", "{}", SerwerSmsAuth.User);
    }

    [Fact]
    public async Task Request_headers_win_over_settings()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>(TestApp.Settings(Azurite, Sandbox))
        {
            ["SerwerSms:Token"] = "settings-token",
        });
        var response = await Call(HttpMethod.Get, "groups", auth: SerwerSmsAuth.User, app: app);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("groups/index", "{}", SerwerSmsAuth.User);
    }

    [Fact]
    public async Task Missing_credentials_are_a_401_problem_without_an_upstream_call()
    {
        await (await Call(HttpMethod.Get, "groups", auth: SerwerSmsAuth.None)).AssertProblem(401);
        await (await Call(HttpMethod.Get, "groups", auth: SerwerSmsAuth.None,
            decorate: r => r.Headers.Add("X-SerwerSMS-Username", "sandbox"))).AssertProblem(401);
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task A_bad_token_is_SerwerSMS_error_1001_as_a_401_problem()
    {
        var response = await Call(HttpMethod.Get, "groups", auth: SerwerSmsAuth.None,
            decorate: r => r.Headers.Add("X-SerwerSMS-Token", "wrong-token"));
        var problem = await response.AssertProblem(401);
        Assert.Equal("1001", (string?)problem["providerCode"]);
        Assert.Equal("InvalidUser", (string?)problem["providerType"]);
        Assert.Equal("Bearer wrong-token", Assert.Single(Upstream).Authorization);
    }

    [Fact]
    public async Task A_bad_password_is_a_401_problem()
    {
        var response = await Call(HttpMethod.Get, "groups", auth: SerwerSmsAuth.None, decorate: r =>
        {
            r.Headers.Add("X-SerwerSMS-Username", "sandbox");
            r.Headers.Add("X-SerwerSMS-Password", "wrong");
        });
        Assert.Equal("1001", (string?)(await response.AssertProblem(401))["providerCode"]);
    }

    [Theory]
    [InlineData(1002, "InvalidRole", 403)]
    [InlineData(1005, "InvalidRole", 403)]
    [InlineData(1004, "InvalidID", 404)]
    [InlineData(2000, "ValidationRequiredError", 400)]
    [InlineData(2001, "ValidationPhoneError", 400)]
    [InlineData(2002, "ValidationCodeError", 400)]
    [InlineData(3000, "SendError", 402)]
    [InlineData(1000, "InvalidAction", 502)]
    [InlineData(1003, "InvalidIP", 502)]
    [InlineData(1007, "InactiveAccount", 502)]
    public async Task SerwerSMS_error_codes_map_to_statuses_keeping_code_type_and_message(int code, string type, int status)
    {
        Sandbox.SerwerSms.FailNext(code, type, $"Komunikat {code}");
        var problem = await (await Call(HttpMethod.Get, "groups")).AssertProblem(status);
        Assert.Equal("SerwerSMS", (string?)problem["provider"]);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)problem["providerCode"]);
        Assert.Equal(type, (string?)problem["providerType"]);
        Assert.Equal($"Komunikat {code}", (string?)problem["providerMessage"]);
        // The detail is English, whatever language SerwerSMS answered in.
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("Komunikat", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throttling_limit_error_is_a_429_problem_with_Retry_After()
    {
        Sandbox.SerwerSms.FailNext(3002, "SendError", "Too many requests, try again later.");
        var response = await Call(HttpMethod.Get, "groups");
        var problem = await response.AssertProblem(429);
        Assert.Equal("3002", (string?)problem["providerCode"]);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_proxy_500_is_a_502_problem_after_the_read_is_retried()
    {
        Sandbox.Faults.Set("SerwerSMS", new Fault(FaultKind.Status, Status: 500));
        var problem = await (await Call(HttpMethod.Get, "groups")).AssertProblem(502);
        Assert.Equal(500, (int)problem["providerStatus"]!);
        Assert.Equal(3, Upstream.Count);
    }

    [Fact]
    public async Task A_proxy_429_is_a_429_problem_with_Retry_After()
    {
        Sandbox.Faults.Set("SerwerSMS", new Fault(FaultKind.Status, Status: 429, RetryAfter: 9));
        var response = await Call(HttpMethod.Get, "groups");
        await response.AssertProblem(429);
        Assert.Equal(TimeSpan.FromSeconds(9), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Malformed_json_is_a_502_problem()
    {
        Sandbox.Faults.Set("SerwerSMS", new Fault(FaultKind.Malformed));
        var problem = await (await Call(HttpMethod.Get, "groups")).AssertProblem(502);
        Assert.Equal("INVALID_RESPONSE", (string?)problem["providerCode"]);
    }

    [Fact]
    public async Task A_provider_that_never_answers_is_a_504_problem()
    {
        Sandbox.Faults.Set("SerwerSMS", new Fault(FaultKind.Hang));
        var problem = await (await Call(HttpMethod.Get, "groups")).AssertProblem(504);
        Assert.Equal("TIMEOUT", (string?)problem["providerCode"]);
    }

    [Fact]
    public async Task The_swagger_document_describes_the_SerwerSMS_operations_and_pickers()
    {
        var document = await (await App.Client.GetAsync("api/swagger.json")).ReadJson();
        var paths = document["paths"]!;
        Assert.Equal("SerwerSmsListGroups", (string?)paths["/serwersms/groups"]!["get"]!["operationId"]);
        Assert.Equal("SerwerSmsSendSms", (string?)paths["/serwersms/messages/send"]!["post"]!["operationId"]);
        Assert.Equal("internal", (string?)paths["/serwersms/groups/picker"]!["get"]!["x-ms-visibility"]);
        Assert.Equal("internal", (string?)paths["/serwersms/senders"]!["get"]!["x-ms-visibility"]);
        Assert.Equal("SerwerSMS", (string?)paths["/serwersms/contacts/{id}"]!["put"]!["tags"]![0]);
        Assert.Equal("Group Name", (string?)document["definitions"]!["SerwerSmsGroupRequest"]!["properties"]!["name"]!["x-ms-summary"]);
    }
}
