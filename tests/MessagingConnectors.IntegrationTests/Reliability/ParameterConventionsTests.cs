using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MessagingConnectors.IntegrationTests.Reliability;

/// <summary>
/// The cross-provider parameter conventions (docs/conventions.md), checked on every operation of the served document,
/// whichever provider it belongs to: a route id that is not a positive whole number, and a number or true/false query
/// parameter sent empty or not parsing, are each a 400 problem naming the parameter, and nothing reaches a provider.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class ParameterConventionsTests(Azurite azurite, ITestOutputHelper output) : AppOnSandboxTests(azurite)
{
    [Fact]
    public async Task Every_id_number_and_flag_parameter_refuses_what_it_cannot_take_the_same_way()
    {
        var document = JsonNode.Parse(await App.Client.GetStringAsync("api/swagger.json"))!;
        var operations = SwaggerCorpus.Operations(document);
        var failures = new List<string>();
        var cases = 0;
        var covered = new HashSet<string>();
        foreach (var operation in operations)
        {
            foreach (var parameter in operation.Parameters.Where(p => p.In is "path" or "query" && p.Type is "integer" or "boolean"))
            {
                var refused = parameter.In == "path" ? new[] { "0", "-5", "abc", "1.5" } : ["", "abc", "1.5"];
                foreach (var value in refused)
                {
                    cases++;
                    covered.Add(operation.Id);
                    Sandbox.Journal.Clear();
                    var request = new HttpRequestMessage(new HttpMethod(operation.Method),
                        SwaggerCorpus.PathAndQuery(operation, new Dictionary<string, string?> { [parameter.Name] = value }).TrimStart('/'));
                    request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
                    request.Headers.Add("X-SerwerSMS-Token", "sandbox-token");
                    request.Headers.Add("X-Clipsan-Key", "sandbox-clipsan-key");
                    if (operation.HasBody)
                    {
                        request.Content = Http.Json(SwaggerCorpus.SampleBody(operation)!.ToJsonString());
                    }

                    var response = await App.Client.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    var errors = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? JsonNode.Parse(body)?["errors"] : null;
                    if ((int)response.StatusCode != 400 || errors?[parameter.Name] is null || Sandbox.Journal.Requests.Count > 0)
                    {
                        failures.Add($"{operation.Id} {parameter.In} {parameter.Name}='{value}': {(int)response.StatusCode} {body}");
                    }
                }
            }
        }

        failures.ForEach(output.WriteLine);
        output.WriteLine($"parameter conventions: {cases} cases over {covered.Count} of {operations.Count} operations");
        Assert.True(cases > 0, "the document has no id, number or flag parameter");
        Assert.Empty(failures);
    }
}
