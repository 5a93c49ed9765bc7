using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests.SerwerSms;

/// <summary>How a test call authenticates to the app's SerwerSMS endpoints.</summary>
public enum SerwerSmsAuth
{
    Token,
    User,
    None,
}

/// <summary>The app on Azurite with the SerwerSMS sandbox, and helpers that assert the exact upstream call.</summary>
public abstract class SerwerSmsTestBase(Azurite azurite) : AppOnSandboxTests(azurite)
{
    protected Task<HttpResponseMessage> Call(HttpMethod method, string path, string? json = null,
        SerwerSmsAuth auth = SerwerSmsAuth.Token, TestApp? app = null, Action<HttpRequestMessage>? decorate = null)
    {
        var request = new HttpRequestMessage(method, "api/serwersms/" + path);
        if (json is not null)
        {
            request.Content = Http.Json(json);
        }

        switch (auth)
        {
            case SerwerSmsAuth.Token:
                request.Headers.Add("X-SerwerSMS-Token", "sandbox-token");
                break;
            case SerwerSmsAuth.User:
                request.Headers.Add("X-SerwerSMS-Username", "sandbox");
                request.Headers.Add("X-SerwerSMS-Password", "sandbox-password");
                break;
        }

        decorate?.Invoke(request);
        return (app ?? App).Client.SendAsync(request);
    }

    /// <summary>
    /// One poll of a polling trigger at <paramref name="location"/> (the trigger's own path on the first poll), as Power
    /// Automate makes it: status, the next Location, the batch.
    /// </summary>
    protected async Task<(HttpStatusCode Status, string Next, JsonArray Batch)> Poll(string location, string token = "sandbox-token")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, location.StartsWith("http", StringComparison.Ordinal) ? location : "api/serwersms/" + location);
        request.Headers.Add("X-SerwerSMS-Token", token);
        var response = await App.Client.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        Assert.NotNull(response.Headers.Location);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var batch = response.StatusCode == HttpStatusCode.OK ? (await response.ReadJson()).AsArray() : [];
        return (response.StatusCode, response.Headers.Location!.ToString(), batch);
    }

    protected IReadOnlyList<RecordedRequest> Upstream => Sandbox.Journal.Requests.Where(r => r.Provider == "SerwerSMS").ToList();

    /// <summary>Asserts the one upstream call: POST {action}.json, JSON body equal to <paramref name="expectedBody"/>, and the credentials.</summary>
    protected RecordedRequest AssertSingleUpstream(string action, string expectedBody, SerwerSmsAuth auth = SerwerSmsAuth.Token)
    {
        var upstream = Assert.Single(Upstream);
        Assert.Equal("POST", upstream.Method);
        Assert.Equal($"/serwersms/{action}.json", upstream.Path);
        Assert.Equal("", upstream.QueryString);
        Assert.Equal("application/json", upstream.ContentType?.Split(';')[0]);
        var expected = JsonNode.Parse(expectedBody)!.AsObject();
        if (auth == SerwerSmsAuth.Token)
        {
            Assert.Equal("Bearer sandbox-token", upstream.Authorization);
        }
        else
        {
            Assert.Null(upstream.Authorization);
            expected["username"] = "sandbox";
            expected["password"] = "sandbox-password";
        }

        var sent = JsonNode.Parse(upstream.Body)!;
        Assert.True(JsonNode.DeepEquals(expected, sent), $"expected {expected.ToJsonString()}, sent {sent.ToJsonString()}");
        return upstream;
    }
}
