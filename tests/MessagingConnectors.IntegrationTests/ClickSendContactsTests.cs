using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests;

[Collection(IntegrationGroup.Name)]
public sealed class ClickSendContactsTests(Azurite azurite) : AppOnSandboxTests(azurite)
{
    private Task<HttpResponseMessage> Call(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, "api/clicksend/" + path);
        if (json is not null)
        {
            request.Content = Http.Json(json);
        }

        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        return App.Client.SendAsync(request);
    }

    private RecordedRequest LastUpstream => Sandbox.Journal.Requests[^1];

    private async Task<long> CreateList(string name)
    {
        var response = await Call(HttpMethod.Post, "lists", $$"""{"list_name":"{{name}}"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (long)(await response.ReadJson())["data"]!["list_id"]!;
    }

    [Fact]
    public async Task Create_list_sends_the_name_and_returns_the_new_list()
    {
        var response = await Call(HttpMethod.Post, "lists", """{"list_name":"Customers & friends"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", LastUpstream.Method);
        Assert.Equal("/clicksend/v3/lists", LastUpstream.Path);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"list_name":"Customers & friends"}"""), JsonNode.Parse(LastUpstream.Body)));
        var data = (await response.ReadJson())["data"]!;
        Assert.Equal("Customers & friends", (string?)data["list_name"]);
        Assert.Contains("Customers & friends", Sandbox.ClickSend.ListNames);
    }

    [Theory]
    [InlineData("""{}""", "list_name")]
    [InlineData("""{"list_name":""}""", "list_name")]
    [InlineData("""{"list_name":"__LONG__"}""", "list_name")]
    [InlineData("""{"list_name":"a\u0000b"}""", "list_name")]
    [InlineData("""{"list_name":5}""", "list_name")]
    public async Task Create_list_refuses_a_bad_name(string json, string field)
    {
        var response = await Call(HttpMethod.Post, "lists", json.Replace("__LONG__", new string('n', 101), StringComparison.Ordinal));
        await response.AssertValidationProblem(field);
        Assert.Empty(Sandbox.Journal.Requests);
    }

    [Fact]
    public async Task Get_contact_lists_pages_with_page_and_limit()
    {
        for (var i = 0; i < 17; i++)
        {
            await CreateList($"list {i}");
        }

        var response = await Call(HttpMethod.Get, "lists?page=2&limit=15");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("?page=2&limit=15", LastUpstream.QueryString);
        var page = (await response.ReadJson())["data"]!;
        Assert.Equal(17, (int)page["total"]!);
        Assert.Equal(2, (int)page["current_page"]!);
        Assert.Equal(2, page["data"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("lists?page=0", "page")]
    [InlineData("lists?limit=14", "limit")]
    [InlineData("lists?limit=101", "limit")]
    [InlineData("lists?page=abc", "page")]
    [InlineData("lists/abc", "list_id")]
    [InlineData("lists/0/contacts", "list_id")]
    [InlineData("lists/5/contacts?limit=1000", "limit")]
    [InlineData("search/contacts-lists", "q")]
    [InlineData("post/return-addresses?page=-1", "page")]
    public async Task Out_of_range_paging_and_ids_are_400s_naming_the_parameter(string path, string field)
    {
        var method = path.StartsWith("lists/abc", StringComparison.Ordinal) ? HttpMethod.Delete : HttpMethod.Get;
        var response = await Call(method, path);
        await response.AssertValidationProblem(field);
        Assert.Empty(Sandbox.Journal.Requests);
    }

    [Fact]
    public async Task Delete_list_deletes_it_and_an_unknown_list_is_a_404_problem()
    {
        var id = await CreateList("to delete");
        var deleted = await Call(HttpMethod.Delete, $"lists/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("DELETE", LastUpstream.Method);
        Assert.Equal($"/clicksend/v3/lists/{id}", LastUpstream.Path);
        Assert.DoesNotContain("to delete", Sandbox.ClickSend.ListNames);

        var again = await Call(HttpMethod.Delete, $"lists/{id}");
        var problem = await again.AssertProblem(404);
        Assert.Equal("NOT_FOUND", (string?)problem["providerCode"]);
    }

    [Fact]
    public async Task Search_contact_lists_sends_the_query_url_encoded()
    {
        await CreateList("VIP customers");
        await CreateList("Suppliers");
        var response = await Call(HttpMethod.Get, "search/contacts-lists?q=" + Uri.EscapeDataString("vip & co"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("?q=vip%20%26%20co", LastUpstream.QueryString);

        var hits = await (await Call(HttpMethod.Get, "search/contacts-lists?q=vip")).ReadJson();
        Assert.Equal("VIP customers", (string?)Assert.Single(hits["data"]!["data"]!.AsArray())!["name"]);
    }

    [Fact]
    public async Task Create_contact_normalises_the_phone_and_sends_every_field()
    {
        var list = await CreateList("contacts");
        var response = await Call(HttpMethod.Post, $"lists/{list}/contacts", """
            {"phone_number":"0412 345 678","address_country":"AU","first_name":"Jana","last_name":"Nováková",
             "email":"jana@example.com","custom_1":"gold"}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/clicksend/v3/lists/{list}/contacts", LastUpstream.Path);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"phone_number":"+61412345678","first_name":"Jana","last_name":"Nováková","email":"jana@example.com",
             "address_country":"AU","custom_1":"gold"}
            """), JsonNode.Parse(LastUpstream.Body)), LastUpstream.Body);
        var contact = (await response.ReadJson())["data"]!;
        Assert.True((long)contact["contact_id"]! > 0);
        Assert.Equal(list, (long)contact["list_id"]!);
    }

    [Theory]
    [InlineData("""{"first_name":"No","last_name":"Channel"}""", "phone_number")]
    [InlineData("""{"phone_number":"12"}""", "phone_number")]
    [InlineData("""{"email":"not-an-email"}""", "email")]
    [InlineData("""{"fax_number":"0261111111"}""", "fax_number")]
    [InlineData("""{"email":"a@example.com","address_country":"Australia"}""", "address_country")]
    [InlineData("""{"email":"a@example.com","custom_4":"__LONG__"}""", "custom_4")]
    public async Task Create_contact_refuses_bad_fields(string json, string field)
    {
        var response = await Call(HttpMethod.Post, "lists/5/contacts", json.Replace("__LONG__", new string('c', 256), StringComparison.Ordinal));
        await response.AssertValidationProblem(field);
        Assert.Empty(Sandbox.Journal.Requests);
    }

    [Fact]
    public async Task Contacts_page_and_the_all_pages_action_gathers_every_contact()
    {
        var list = await CreateList("big");
        for (var i = 0; i < 130; i++)
        {
            var created = await Call(HttpMethod.Post, $"lists/{list}/contacts", $$"""{"email":"person{{i}}@example.com"}""");
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var page = await (await Call(HttpMethod.Get, $"lists/{list}/contacts?page=1&limit=100")).ReadJson();
        Assert.Equal(100, page["data"]!["data"]!.AsArray().Count);
        Assert.Equal(2, (int)page["data"]!["last_page"]!);

        Sandbox.Journal.Clear();
        var all = await (await Call(HttpMethod.Get, $"lists/{list}/contacts/all")).ReadJson();
        Assert.Equal(130, (int)all["total"]!);
        Assert.True((bool)all["complete"]!);
        Assert.Equal(130, all["contacts"]!.AsArray().Select(c => (string?)c!["email"]).Distinct().Count());
        Assert.Equal(["?page=1&limit=100", "?page=2&limit=100"], Sandbox.Journal.Requests.Select(r => r.QueryString));
    }

    [Fact]
    public async Task Delete_contact_removes_it()
    {
        var list = await CreateList("one");
        var contact = (long)(await (await Call(HttpMethod.Post, $"lists/{list}/contacts", """{"email":"x@example.com"}""")).ReadJson())["data"]!["contact_id"]!;
        var deleted = await Call(HttpMethod.Delete, $"lists/{list}/contacts/{contact}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal($"/clicksend/v3/lists/{list}/contacts/{contact}", LastUpstream.Path);
        await (await Call(HttpMethod.Delete, $"lists/{list}/contacts/{contact}")).AssertProblem(404);
    }

    [Fact]
    public async Task Pickers_return_countries_voice_languages_and_return_addresses()
    {
        var countries = await (await Call(HttpMethod.Get, "countries")).ReadJson();
        Assert.Contains(countries["data"]!.AsArray(), c => (string?)c!["code"] == "AU");
        Assert.Equal("/clicksend/v3/countries", LastUpstream.Path);

        var languages = await (await Call(HttpMethod.Get, "voice/lang")).ReadJson();
        var english = languages["data"]!.AsArray().Single(l => (string?)l!["code"] == "en-us")!;
        Assert.Equal(["male"], english["gender"]!.AsArray().Select(g => (string)g!));
        Assert.Equal(["female", "male"], languages["data"]!.AsArray().Single(l => (string?)l!["code"] == "en-au")!["gender"]!.AsArray().Select(g => (string)g!));

        var addresses = await (await Call(HttpMethod.Get, "post/return-addresses")).ReadJson();
        Assert.Equal(4, (int)addresses["data"]!["data"]![0]!["return_address_id"]!);
        Assert.Equal("/clicksend/v3/post/return-addresses", LastUpstream.Path);
    }

    [Fact]
    public async Task Reads_are_retried_on_a_transient_provider_failure()
    {
        Sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Status, Status: 503, Count: 1));
        var response = await Call(HttpMethod.Get, "countries");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Sandbox.Journal.For("ClickSend", "GET", "/countries").Count);
    }

    [Fact]
    public async Task Contact_creation_is_not_retried_on_a_provider_failure()
    {
        var list = await CreateList("no retry");
        Sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Status, Status: 503, Count: 1));
        var response = await Call(HttpMethod.Post, $"lists/{list}/contacts", """{"email":"once@example.com"}""");
        await response.AssertProblem(502);
        Assert.Single(Sandbox.Journal.For("ClickSend", "POST", "/contacts"));
    }
}
