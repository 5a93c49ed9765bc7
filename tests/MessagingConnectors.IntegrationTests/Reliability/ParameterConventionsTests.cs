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
                    var response = await SendWith(operation, parameter.Name, value);
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

    /// <summary>
    /// Both ways, for every integer parameter the served document bounds: its minimum and maximum are never refused by
    /// our validation, one beyond either is a 400 naming the parameter. The document and the check read one declaration.
    /// </summary>
    [Fact]
    public async Task Every_declared_integer_bound_is_the_bound_enforced()
    {
        var document = JsonNode.Parse(await App.Client.GetStringAsync("api/swagger.json"))!;
        var operations = SwaggerCorpus.Operations(document).ToDictionary(o => o.Id);
        var failures = new List<string>();
        var cases = 0;
        var covered = new HashSet<string>();
        foreach (var (_, item) in document["paths"]!.AsObject())
        {
            foreach (var (_, node) in item!.AsObject())
            {
                if (node?["operationId"] is not { } id || !operations.TryGetValue((string)id!, out var operation))
                {
                    continue;
                }

                foreach (var parameter in node["parameters"]?.AsArray() ?? [])
                {
                    if ((string?)parameter!["type"] != "integer" || (parameter["minimum"] is null && parameter["maximum"] is null))
                    {
                        continue;
                    }

                    var name = (string)parameter["name"]!;
                    var bounds = new List<(long Value, bool Refused)>();
                    if (parameter["minimum"] is { } min)
                    {
                        bounds.Add(((long)min, false));
                        bounds.Add(((long)min - 1, true));
                    }

                    if (parameter["maximum"] is { } max)
                    {
                        bounds.Add(((long)max, false));
                        bounds.Add(((long)max + 1, true));
                    }

                    foreach (var (value, refused) in bounds)
                    {
                        cases++;
                        covered.Add(operation.Id);
                        var response = await SendWith(operation, name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        var body = await response.Content.ReadAsStringAsync();
                        var named = (int)response.StatusCode == 400 && body.Contains($"\"{name}\"", StringComparison.Ordinal);
                        if (named != refused)
                        {
                            failures.Add($"{operation.Id} {name}={value}: {(int)response.StatusCode} {body}");
                        }
                    }
                }
            }
        }

        failures.ForEach(output.WriteLine);
        output.WriteLine($"declared integer bounds: {cases} cases over {covered.Count} of {operations.Count} operations");
        Assert.True(cases > 0, "the document bounds no integer parameter");
        Assert.Empty(failures);
    }


    /// <summary>A plausible call of the operation, with the sandboxes' credentials, and one parameter set to <paramref name="value"/>.</summary>
    private Task<HttpResponseMessage> SendWith(ApiOperation operation, string parameter, string value)
    {
        var request = new HttpRequestMessage(new HttpMethod(operation.Method),
            SwaggerCorpus.PathAndQuery(operation, new Dictionary<string, string?> { [parameter] = value }).TrimStart('/'));
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        request.Headers.Add("X-SerwerSMS-Token", "sandbox-token");
        request.Headers.Add("X-Clipsan-Key", "sandbox-clipsan-key");
        if (operation.HasBody)
        {
            request.Content = Http.Json(SwaggerCorpus.SampleBody(operation)!.ToJsonString());
        }

        return App.Client.SendAsync(request);
    }
}
