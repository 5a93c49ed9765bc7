using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MessagingConnectors.IntegrationTests.Infrastructure;

namespace MessagingConnectors.IntegrationTests.Reliability;

/// <summary>
/// With the server's own account configured for every provider, a request that carries part of a credential gets 401
/// naming what is missing and reaches no provider; only a request with no credential of that provider (empty headers,
/// as the connectors send for a blank connection field, count as none) acts on the configured account.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class HalfCredentialsTests(Azurite azurite) : AppOnSandboxTests(azurite)
{
    protected override Dictionary<string, string?> Settings() => new(base.Settings())
    {
        ["ClickSend:Username"] = "sandbox",
        ["ClickSend:ApiKey"] = "sandbox-api-key",
        ["SerwerSms:Token"] = "sandbox-token",
        ["Clipsan:Key"] = "sandbox-clipsan-key",
    };

    private static string Basic(string text) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("api/clicksend/lists", "X-ClickSend-Username", "sandbox", "X-ClickSend-ApiKey")]
    [InlineData("api/clicksend/lists", "X-ClickSend-ApiKey", "sandbox-api-key", "X-ClickSend-Username")]
    [InlineData("api/serwersms/groups", "X-SerwerSMS-Username", "sandbox", "X-SerwerSMS-Password")]
    [InlineData("api/serwersms/groups", "X-SerwerSMS-Password", "sandbox-password", "X-SerwerSMS-Username")]
    public async Task One_header_of_a_pair_is_refused_naming_the_other_not_completed_from_settings(string path, string header, string value, string missing)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(header, value);

        var problem = await (await App.Client.SendAsync(request)).AssertProblem(401);

        Assert.Contains($"{header} was sent without {missing}", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Empty(Sandbox.Journal.Requests);
    }

    [Theory]
    [InlineData("sandbox:")]
    [InlineData(":sandbox-api-key")]
    [InlineData("sandbox")]
    [InlineData(null)]
    public async Task ClickSend_basic_credentials_with_an_empty_half_are_refused(string? credentials)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send") { Content = Http.Json("""{"messages":[{"to":"+61411111111","body":"x"}]}""") };
        request.Headers.TryAddWithoutValidation("Authorization", credentials is null ? "Basic" : Basic(credentials));

        var problem = await (await App.Client.SendAsync(request)).AssertProblem(401);

        Assert.Contains("username and the API key", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Empty(Sandbox.Journal.Requests);
    }

    [Fact]
    public async Task ClickSend_without_any_credential_uses_the_configured_account_and_empty_headers_are_none()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/clicksend/lists");
        request.Headers.Add("X-ClickSend-Username", "");
        request.Headers.Add("X-ClickSend-ApiKey", " ");

        Assert.Equal(HttpStatusCode.OK, (await App.Client.SendAsync(request)).StatusCode);
        Assert.Equal(new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox:sandbox-api-key"))).ToString(),
            Assert.Single(Sandbox.Journal.Requests).Authorization);
    }

    [Fact]
    public async Task SerwerSms_without_any_credential_uses_the_configured_token()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/serwersms/groups");
        request.Headers.Add("X-SerwerSMS-Token", "");
        request.Headers.Add("X-SerwerSMS-Username", "");
        request.Headers.Add("X-SerwerSMS-Password", "");

        Assert.Equal(HttpStatusCode.OK, (await App.Client.SendAsync(request)).StatusCode);
        Assert.Equal("Bearer sandbox-token", Assert.Single(Sandbox.Journal.Requests).Authorization);
    }

    [Fact]
    public async Task Clipsan_a_key_sent_is_the_only_key_used_and_an_empty_one_is_none()
    {
        var wrong = new HttpRequestMessage(HttpMethod.Get, "api/clipsan/leads");
        wrong.Headers.Add("X-Clipsan-Key", "mistyped-key");
        await (await App.Client.SendAsync(wrong)).AssertProblem(401);
        Assert.Contains("key=mistyped-key", Assert.Single(Sandbox.Journal.Requests).QueryString, StringComparison.Ordinal);

        Sandbox.Journal.Clear();
        var blank = new HttpRequestMessage(HttpMethod.Get, "api/clipsan/leads");
        blank.Headers.Add("X-Clipsan-Key", "");
        Assert.Equal(HttpStatusCode.OK, (await App.Client.SendAsync(blank)).StatusCode);
        Assert.Contains("key=sandbox-clipsan-key", Assert.Single(Sandbox.Journal.Requests).QueryString, StringComparison.Ordinal);
    }
}
