using System.Net;
using MessagingConnectors.IntegrationTests.Infrastructure;
using System.Text.Json.Nodes;

namespace MessagingConnectors.IntegrationTests.SerwerSms;

[Collection(IntegrationGroup.Name)]
public sealed class SerwerSmsContactsTests(Azurite azurite) : SerwerSmsTestBase(azurite)
{
    [Fact]
    public async Task List_contacts_of_a_group_passes_every_filter_and_returns_the_contacts()
    {
        var group = Sandbox.SerwerSms.AddGroup("Grupa testowa");
        Sandbox.SerwerSms.AddContact("+48500600700", "Mikołaj", group);
        Sandbox.SerwerSms.AddContact("+48600700800", "Błażej", group);
        Sandbox.SerwerSms.AddContact("+48700800900", "Poza grupą");

        var response = await Call(HttpMethod.Get, $"contacts?group_id={group}&search=%2B48&sort=first_name&order=asc&page=1&limit=50");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("contacts/index",
            $$"""{"group_id":{{group}},"search":"+48","sort":"first_name","order":"asc","page":1,"limit":50}""");
        var items = (await response.ReadJson())["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal("Błażej", (string?)items[0]!["first_name"]);
        Assert.Equal("Grupa testowa", (string?)items[0]!["group_name"]);
        Assert.False((bool)items[0]!["blacklist"]!);
    }

    [Fact]
    public async Task List_contacts_in_no_group_sends_none()
    {
        var group = Sandbox.SerwerSms.AddGroup("G");
        Sandbox.SerwerSms.AddContact("+48500600700", "W grupie", group);
        Sandbox.SerwerSms.AddContact("+48700800900", "Bez grupy");

        var response = await Call(HttpMethod.Get, "contacts?group_id=none");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("contacts/index", """{"group_id":"none"}""");
        var item = Assert.Single((await response.ReadJson())["items"]!.AsArray());
        Assert.Equal("Bez grupy", (string?)item!["first_name"]);
    }

    [Fact]
    public async Task Create_contact_in_several_groups_sends_every_field_with_the_phone_normalised()
    {
        var first = Sandbox.SerwerSms.AddGroup("A");
        var second = Sandbox.SerwerSms.AddGroup("B");

        var response = await Call(HttpMethod.Post, "contacts", $$"""
            {"group_id":[{{first}},"{{second}}"],"phone":"500 600 700","email":"biuro@serwersms.pl","first_name":"Mikołaj",
             "last_name":"Różecki","company":"SerwerSMS.pl","tax_id":"123-456-78-90","address":"ul. Długa 1","city":"Kraków",
             "description":"Szczegółowy opis"}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("contacts/add", $$"""
            {"group_id":[{{first}},{{second}}],"phone":"+48500600700","email":"biuro@serwersms.pl","first_name":"Mikołaj",
             "last_name":"Różecki","company":"SerwerSMS.pl","tax_id":"123-456-78-90","address":"ul. Długa 1","city":"Kraków",
             "description":"Szczegółowy opis"}
            """);
        var body = await response.ReadJson();
        Assert.True((bool)body["success"]!);
        Assert.True(Sandbox.SerwerSms.HasContact((long)body["id"]!));
    }

    [Fact]
    public async Task Create_contact_with_one_group_as_a_picker_string_sends_a_number()
    {
        var group = Sandbox.SerwerSms.AddGroup("A");
        var response = await Call(HttpMethod.Post, "contacts", $$"""{"group_id":"{{group}}","phone":"+420601123456"}""", SerwerSmsAuth.User);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("contacts/add", $$"""{"group_id":{{group}},"phone":"+420601123456"}""", SerwerSmsAuth.User);
    }

    [Fact]
    public async Task Get_contact_returns_every_field()
    {
        var group = Sandbox.SerwerSms.AddGroup("G");
        var id = Sandbox.SerwerSms.AddContact("+48500600700", "Jan", group);

        var response = await Call(HttpMethod.Get, $"contacts/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("contacts/view", $$"""{"id":{{id}}}""");
        var body = await response.ReadJson();
        Assert.Equal(id, (long)body["id"]!);
        Assert.Equal("+48500600700", (string?)body["phone"]);
        Assert.Equal("Jan", (string?)body["first_name"]);
        Assert.Equal(group, (long)body["group_id"]!);
    }

    [Fact]
    public async Task Edit_contact_writes_the_new_fields_merged_into_the_contact_as_it_is()
    {
        var group = Sandbox.SerwerSms.AddGroup("G");
        var id = Sandbox.SerwerSms.AddContact("+48500600700", "Jan");

        var response = await Call(HttpMethod.Put, $"contacts/{id}", $$"""{"group_id":{{group}},"phone":"+48500600701","last_name":"Nowak"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["/serwersms/contacts/view.json", "/serwersms/contacts/edit.json"], Upstream.Select(r => r.Path));
        var sent = JsonNode.Parse(Upstream[^1].Body)!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            {"id":{{id}},"group_id":{{group}},"phone":"+48500600701","email":"","first_name":"Jan","last_name":"Nowak",
             "company":"","tax_id":"","address":"","city":"","description":""}
            """), sent), sent.ToJsonString());
        Assert.Equal(id, (long)(await response.ReadJson())["id"]!);
    }

    [Fact]
    public async Task Editing_one_field_keeps_every_other_field_and_every_group()
    {
        var first = Sandbox.SerwerSms.AddGroup("First");
        var second = Sandbox.SerwerSms.AddGroup("Second");
        var created = await Call(HttpMethod.Post, "contacts", $$"""
            {"group_id":[{{first}},{{second}}],"phone":"+48500600700","email":"jan@example.pl","first_name":"Jan","last_name":"Kowalski",
             "company":"ACME","tax_id":"PL123","address":"Długa 1","city":"Gdańsk","description":"VIP"}
            """);
        var id = (long)(await created.ReadJson())["id"]!;

        var edited = await Call(HttpMethod.Put, $"contacts/{id}", """{"description":"Called back"}""");

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var contact = await (await Call(HttpMethod.Get, $"contacts/{id}")).ReadJson();
        Assert.Equal("Called back", (string?)contact["description"]);
        Assert.Equal("+48500600700", (string?)contact["phone"]);
        Assert.Equal("jan@example.pl", (string?)contact["email"]);
        Assert.Equal("Kowalski", (string?)contact["last_name"]);
        Assert.Equal("Gdańsk", (string?)contact["city"]);
        Assert.Equal("PL123", (string?)contact["tax_id"]);
        var groups = await (await Call(HttpMethod.Get, "groups/check?phone=%2B48500600700")).ReadJson();
        Assert.Equal([first, second], groups["items"]!.AsArray().Select(g => (long)g!["group_id"]!).Order());
    }

    [Fact]
    public async Task Editing_a_field_to_empty_clears_it_and_an_emptied_optional_field_elsewhere_is_left_out()
    {
        var created = await Call(HttpMethod.Post, "contacts", """{"phone":"+48500600700","email":"","first_name":"Jan","description":"VIP"}""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (long)(await created.ReadJson())["id"]!;

        // An edit that empties a field changes it (Power Automate sends a field the user emptied as ""); on a create,
        // an empty optional field is read as left out.
        var edited = await Call(HttpMethod.Put, $"contacts/{id}", """{"description":""}""");

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var contact = await (await Call(HttpMethod.Get, $"contacts/{id}")).ReadJson();
        Assert.Equal("", (string?)contact["description"] ?? "");
        Assert.Equal("Jan", (string?)contact["first_name"]);
        Assert.Equal("", (string?)contact["email"] ?? "");
    }

    [Fact]
    public async Task Delete_contact_sends_the_id()
    {
        var id = Sandbox.SerwerSms.AddContact("+48500600700");
        var response = await Call(HttpMethod.Delete, $"contacts/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("contacts/delete", $$"""{"id":{{id}}}""");
        Assert.False(Sandbox.SerwerSms.HasContact(id));
    }

    [Fact]
    public async Task Editing_or_deleting_an_unknown_contact_is_a_404_problem()
    {
        var edit = await Call(HttpMethod.Put, "contacts/12345", """{"phone":"+48500600700"}""");
        Assert.Equal("1004", (string?)(await edit.AssertProblem(404))["providerCode"]);
        var delete = await Call(HttpMethod.Delete, "contacts/12345");
        Assert.Equal("InvalidID", (string?)(await delete.AssertProblem(404))["providerType"]);
    }

    [Fact]
    public async Task Import_contacts_into_a_named_group()
    {
        var response = await Call(HttpMethod.Post, "contacts/import", """
            {"group_name":"Import 2026","contact":[
              {"phone":"500600700","first_name":"Jan","last_name":"Kowalski","email":"jan@example.pl","company":"Firma"},
              {"phone":"+48600700800"}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("contacts/import", """
            {"group_name":"Import 2026","contact":[
              {"phone":"+48500600700","email":"jan@example.pl","first_name":"Jan","last_name":"Kowalski","company":"Firma"},
              {"phone":"+48600700800"}
            ]}
            """);
        var body = await response.ReadJson();
        Assert.Equal(2, (int)body["correct"]!);
        Assert.Equal(0, (int)body["failed"]!);
        Assert.Equal("Import 2026", Sandbox.SerwerSms.GroupName((long)body["id"]!));
    }

    [Theory]
    [InlineData("contacts?group_id=abc", "group_id")]
    [InlineData("contacts?group_id=0", "group_id")]
    [InlineData("contacts?sort=name", "sort")]
    [InlineData("contacts?order=random", "order")]
    [InlineData("contacts?page=-1", "page")]
    [InlineData("contacts?limit=0", "limit")]
    public async Task Bad_list_queries_are_a_400_naming_the_field(string path, string field)
    {
        await (await Call(HttpMethod.Get, path)).AssertValidationProblem(field);
        Assert.Empty(Upstream);
    }

    [Theory]
    [InlineData("""{}""", "phone")]
    [InlineData("""{"phone":"123"}""", "phone")]
    [InlineData("""{"phone":"+48500600700","email":"not-an-email"}""", "email")]
    [InlineData("""{"phone":"+48500600700","first_name":"__LONG__"}""", "first_name")]
    [InlineData("""{"phone":"+48500600700","last_name":"__LONG__"}""", "last_name")]
    [InlineData("""{"phone":"+48500600700","company":"__LONG__"}""", "company")]
    [InlineData("""{"phone":"+48500600700","tax_id":"__LONG__"}""", "tax_id")]
    [InlineData("""{"phone":"+48500600700","address":"__LONG__"}""", "address")]
    [InlineData("""{"phone":"+48500600700","city":"__LONG__"}""", "city")]
    [InlineData("""{"phone":"+48500600700","description":"__LONG__"}""", "description")]
    [InlineData("""{"phone":"+48500600700","group_id":"abc"}""", "group_id")]
    [InlineData("""{"phone":"+48500600700","group_id":[-1]}""", "group_id")]
    [InlineData("""{"phone":"+48500600700","nickname":"x"}""", "nickname")]
    public async Task Bad_contact_bodies_are_a_400_naming_the_field(string json, string field)
    {
        json = json.Replace("__LONG__", new string('c', 256), StringComparison.Ordinal);
        await (await Call(HttpMethod.Post, "contacts", json)).AssertValidationProblem(field);
        // An edit keeps the phone number it has, so an empty edit is refused for changing nothing instead.
        await (await Call(HttpMethod.Put, "contacts/5", json)).AssertValidationProblem(json == "{}" ? "body" : field);
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task Fields_of_exactly_255_characters_are_accepted()
    {
        var response = await Call(HttpMethod.Post, "contacts", $$"""{"phone":"+48500600700","description":"{{new string('d', 255)}}"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"contact":[{"phone":"+48500600700"}]}""", "group_name")]
    [InlineData("""{"group_name":"G"}""", "contact")]
    [InlineData("""{"group_name":"G","contact":[]}""", "contact")]
    [InlineData("""{"group_name":"G","contact":[{"phone":"x"}]}""", "contact[0].phone")]
    [InlineData("""{"group_name":"G","contact":[{"phone":"+48500600700","tax_id":"1"}]}""", "contact[0].tax_id")]
    public async Task Bad_import_bodies_are_a_400_naming_the_field(string json, string field)
    {
        await (await Call(HttpMethod.Post, "contacts/import", json)).AssertValidationProblem(field);
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task A_contact_in_an_unknown_group_is_a_404_problem()
    {
        var response = await Call(HttpMethod.Post, "contacts", """{"group_id":424242,"phone":"+48500600700"}""");
        Assert.Equal("1004", (string?)(await response.AssertProblem(404))["providerCode"]);
    }
}
