using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using MessagingConnectors.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MessagingConnectors.IntegrationTests.Reliability;

/// <summary>
/// The served document as a contract, both ways, for every operation with parameters or a JSON body, against the app on
/// the sandboxes. (a) Requests FsCheck generates from what the document declares (examples, enums, bounds, lengths,
/// patterns, the groups of fields of which one or exactly one is given) are never refused with 400. (b) A request that
/// breaks exactly one declared constraint is refused with a 400 problem naming that field, and reaches no provider.
/// Every answer is also held to its schema by <see cref="ContractCheckingHandler"/>. The figures are printed.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed partial class ContractTests(Azurite azurite, ITestOutputHelper output) : AppOnSandboxTests(azurite)
{
    private const int ValidCasesPerOperation = 12;

    private CallbackServer _callbacks = null!;

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        // A trigger's callback goes to a loopback server of the test, which production refuses.
        settings["Webhooks:AllowLoopbackCallbacks"] = "true";
        return settings;
    }

    [Fact]
    public async Task Requests_the_document_declares_valid_are_never_refused_as_invalid()
    {
        await using var callbacks = _callbacks = await CallbackServer.StartAsync();
        Sandbox.AddExamples();
        var document = await ServedDocument();
        var failures = new List<string>();
        var (cases, covered) = (0, new HashSet<string>());
        var random = new FsCheck.Rnd(20261204);
        var examples = new List<string>();
        foreach (var operation in Operations(document))
        {
            var example = operation.ExampleRequest();
            foreach (var request in Gen.Sample(ValidRequest(operation), ValidCasesPerOperation, random, 10).Prepend(example))
            {
                cases++;
                covered.Add(operation.Id);
                var (status, body) = await Send(operation, request);
                if (ReferenceEquals(request, example))
                {
                    examples.Add($"{status} {operation.Id}" + (status < 300 ? "" : $" ({(JsonNode.Parse(body)?["detail"] ?? JsonNode.Parse(body)?["title"])})"));
                }

                // A 400 the provider (the sandbox) gave is passed through with its name; ours names fields in errors. A 415
                // is about a file's content (a PDF where an MMS needs an image), which no schema of a string states.
                var refusedByValidation = status == 400 && JsonNode.Parse(body)?["errors"] is not null;
                if (refusedByValidation || status >= 500 && status is not (502 or 504))
                {
                    failures.Add($"{operation.Id} {request}: {status} {body}");
                }
            }
        }

        failures.DistinctBy(f => f[..Math.Min(f.Length, 60)]).Take(40).ToList().ForEach(output.WriteLine);
        output.WriteLine($"valid requests: {cases} cases over {covered.Count} operations; {DocumentContract.Checked} answers held to their schemas so far");
        output.WriteLine($"the examples as they stand: {examples.Count(e => e.StartsWith('2'))} of {examples.Count} answered 2xx on the sandbox with its example data, in the order above; " +
                         string.Join(", ", examples.Where(e => !e.StartsWith('2'))));
        Assert.True(covered.Count >= 40, $"only {covered.Count} operations covered");
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_request_breaking_one_declared_constraint_is_a_400_naming_the_field()
    {
        await using var callbacks = _callbacks = await CallbackServer.StartAsync();
        var document = await ServedDocument();
        var failures = new List<string>();
        var (cases, covered) = (0, new HashSet<string>());
        var kinds = new Dictionary<string, int>();
        foreach (var operation in Operations(document))
        {
            foreach (var broken in operation.Breakages())
            {
                cases++;
                covered.Add(operation.Id);
                kinds[broken.Constraint] = kinds.GetValueOrDefault(broken.Constraint) + 1;
                Sandbox.Journal.Clear();
                var (status, body) = await Send(operation, broken.Request);
                var errors = status == 400 ? (JsonNode.Parse(body)?["errors"] as JsonObject) : null;
                var named = errors is not null && broken.Fields.Any(f => errors.ContainsKey(f));
                if (!named || Sandbox.Journal.Requests.Count > 0)
                {
                    failures.Add($"{operation.Id} breaks {broken.Constraint} of {string.Join("|", broken.Fields)} {broken.Request}: {status} {body}");
                }
            }
        }

        failures.Take(40).ToList().ForEach(output.WriteLine);
        output.WriteLine($"broken requests: {cases} cases over {covered.Count} operations ({string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))})");
        Assert.True(covered.Count >= 40, $"only {covered.Count} operations covered");
        Assert.Empty(failures);
    }

    private async Task<JsonNode> ServedDocument() => JsonNode.Parse(await App.Client.GetStringAsync("api/swagger.json"))!;

    private async Task<(int Status, string Body)> Send(ContractOperation operation, ContractRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(operation.Method), request.PathAndQuery(operation).TrimStart('/'));
        message.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        message.Headers.Add("X-SerwerSMS-Token", "sandbox-token");
        message.Headers.Add("X-Clipsan-Key", "sandbox-clipsan-key");
        if (request.Body is { } body)
        {
            message.Content = Http.Json(WithCallbacks(operation, body).ToJsonString());
        }

        using var response = await App.Client.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A trigger's callback URL (x-ms-notification-url) pointed at the test's own callback server.</summary>
    private JsonNode WithCallbacks(ContractOperation operation, JsonNode body)
    {
        var copy = body.DeepClone();
        foreach (var field in operation.NotificationUrlFields)
        {
            if (copy is JsonObject obj && obj.ContainsKey(field))
            {
                obj[field] = _callbacks.Url;
            }
        }

        return copy;
    }

    /// <summary>The operations with something to check: parameters in path or query, or a JSON body (multipart uploads have their own tests).</summary>
    private static List<ContractOperation> Operations(JsonNode document)
    {
        var definitions = document["definitions"]!.AsObject();
        var operations = new List<ContractOperation>();
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (node is not JsonObject op || method is not ("get" or "post" or "put" or "patch" or "delete")
                    || op["parameters"]?.AsArray().Any(p => (string?)p!["in"] == "formData") == true)
                {
                    continue;
                }

                var parameters = (op["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject())
                    .Where(p => (string?)p["in"] is "path" or "query").ToList();
                var body = op["parameters"]?.AsArray().FirstOrDefault(p => (string?)p!["in"] == "body")?["schema"];
                if (parameters.Count == 0 && body is null)
                {
                    continue;
                }

                operations.Add(new ContractOperation((string)op["operationId"]!, method.ToUpperInvariant(),
                    (string)document["basePath"]! + template, parameters, body is null ? null : Resolve(body, definitions, 0), op));
            }
        }

        return operations;
    }

    /// <summary>A schema with every <c>$ref</c> replaced by its definition (the models nest a few levels at most).</summary>
    private static JsonObject Resolve(JsonNode schema, JsonObject definitions, int depth)
    {
        if (schema["$ref"] is { } reference)
        {
            return Resolve(definitions[((string)reference!).Split('/')[^1]]!, definitions, depth + 1);
        }

        var copy = schema.DeepClone().AsObject();
        if (depth < 8 && copy["properties"] is JsonObject properties)
        {
            foreach (var name in properties.Select(p => p.Key).ToList())
            {
                properties[name] = Resolve(properties[name]!, definitions, depth + 1);
            }
        }

        if (depth < 8 && copy["items"] is { } items)
        {
            copy["items"] = Resolve(items, definitions, depth + 1);
        }

        return copy;
    }

    /// <summary>
    /// A valid request: the operation's example, then each optional parameter given or left out, each given value (a
    /// parameter or a body field) one of those the document declares valid: its example, an enum value, a bound, a
    /// length at either end; the groups of fields of which one (or exactly one) is given stay so.
    /// </summary>
    private static Gen<ContractRequest> ValidRequest(ContractOperation operation)
    {
        var start = operation.ExampleRequest();
        var groups = operation.ParameterGroups().ToList();
        var parameterGens = operation.Parameters.Where(p => !groups.Any(g => g.Contains((string)p["name"]!))).Select(p =>
        {
            var name = (string)p["name"]!;
            var values = Values.Valid(p).ToArray();
            // A parameter the platform fills (a trigger's cursor, from its own Location) is no caller's to make up.
            if ((string?)p["x-ms-visibility"] == "internal" && p["x-example"] is null)
            {
                values = [];
            }

            if (values.Length == 0)
            {
                return Gen.Constant<(string, JsonNode?)>((name, start.Parameters.GetValueOrDefault(name)));
            }

            var given = Gen.Elements(values).Select(v => (name, (JsonNode?)v));
            return (bool?)p["required"] == true ? given : Gen.OneOf(given, Gen.Constant<(string, JsonNode?)>((name, null)));
        }).ToList();

        // Of a group of parameters one is given (which one is what varies), so both kinds of group hold.
        foreach (var group in groups)
        {
            var members = operation.Parameters.Where(p => group.Contains((string)p["name"]!) && Values.Valid(p).Any()).ToArray();
            parameterGens.Add(Gen.Elements(members).SelectMany(p => Gen.Elements(Values.Valid(p).ToArray()).Select(v => ((string)p["name"]!, (JsonNode?)v))));
        }

        var parameters = parameterGens.Count == 0
            ? Gen.Constant(new List<(string, JsonNode?)>())
            : All(parameterGens).Select(values => values.ToList());
        var body = start.Body is null || operation.Body is null ? Gen.Constant<JsonNode?>(null) : VaryObject(start.Body, operation.Body).Select(b => (JsonNode?)b);
        return from values in parameters
               from varied in body
               select new ContractRequest(values.Where(v => v.Item2 is not null).ToDictionary(v => v.Item1, v => v.Item2!), varied);
    }

    /// <summary>One value from each generator, in order.</summary>
    private static Gen<List<T>> All<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Constant(new List<T>()), (all, gen) => from values in all from value in gen select new List<T>(values) { value });

    /// <summary>The example object with some of its fields given other valid values, and nested models varied the same way.</summary>
    private static Gen<JsonNode> VaryObject(JsonNode example, JsonObject schema)
    {
        if (example is not JsonObject obj || schema["properties"] is not JsonObject properties)
        {
            return Gen.Constant(example);
        }

        var fieldGens = new List<Gen<(string Name, JsonNode? Value)>>();
        foreach (var (name, node) in obj)
        {
            var propertySchema = properties[name]?.AsObject();
            if (propertySchema is null)
            {
                fieldGens.Add(Gen.Constant((name, node?.DeepClone())));
                continue;
            }

            if (node is JsonArray array && propertySchema["items"] is JsonObject items && items["properties"] is not null)
            {
                var itemGens = array.Select(item => VaryObject(item!, items)).ToList();
                fieldGens.Add(All(itemGens).Select(varied => (name, (JsonNode?)new JsonArray(varied.Select(v => v.DeepClone()).ToArray()))));
                continue;
            }

            var values = Values.Valid(propertySchema).Append(node!.DeepClone()).ToArray();
            fieldGens.Add(Gen.Elements(values).Select(v => (name, (JsonNode?)v.DeepClone())));
        }

        return All(fieldGens).Select(fields =>
        {
            var varied = new JsonObject();
            foreach (var (name, value) in fields)
            {
                varied[name] = value;
            }

            return (JsonNode)varied;
        });
    }

    private sealed record Breakage(string Constraint, string[] Fields, ContractRequest Request);

    /// <summary>One operation as the contract test reads it from the document.</summary>
    private sealed record ContractOperation(string Id, string Method, string Template, List<JsonObject> Parameters, JsonObject? Body, JsonObject Operation)
    {
        public IEnumerable<string> NotificationUrlFields =>
            (Body?["properties"] as JsonObject ?? []).Where(p => (bool?)p.Value?["x-ms-notification-url"] == true).Select(p => p.Key);

        private IEnumerable<string[]> ParameterGroups(string kind) =>
            (Operation[kind]?.AsArray() ?? []).Select(g => g!.AsArray().Select(f => (string)f!).ToArray());

        /// <summary>The operation's groups of query parameters of which one, or exactly one, is given.</summary>
        public IEnumerable<string[]> ParameterGroups() => ParameterGroups("x-exactly-one-of").Concat(ParameterGroups("x-at-least-one-of"));

        /// <summary>Every parameter at its example (required ones, and one of each group), the body at its example.</summary>
        public ContractRequest ExampleRequest()
        {
            var values = new Dictionary<string, JsonNode>();
            var grouped = ParameterGroups().ToList();
            foreach (var parameter in Parameters)
            {
                var name = (string)parameter["name"]!;
                var inGroup = grouped.Any(g => g.Contains(name));
                var firstOfGroup = grouped.Any(g => g[0] == name);
                if (((bool?)parameter["required"] == true || firstOfGroup) && parameter["x-example"] is { } example)
                {
                    values[name] = example.DeepClone();
                }
                else if (!inGroup && (bool?)parameter["required"] == true)
                {
                    values[name] = Values.Valid(parameter).First();
                }
            }

            return new ContractRequest(values, Body?["example"]?.DeepClone());
        }

        /// <summary>The example request with exactly one declared constraint broken, for every constraint the document declares.</summary>
        public IEnumerable<Breakage> Breakages()
        {
            var example = ExampleRequest();
            foreach (var parameter in Parameters)
            {
                var name = (string)parameter["name"]!;
                if ((bool?)parameter["required"] == true && (string?)parameter["in"] == "query")
                {
                    yield return new Breakage("required", [name], example with { Parameters = Without(example.Parameters, name) });
                }

                foreach (var (constraint, value) in Values.Breaking(parameter))
                {
                    yield return new Breakage(constraint, [name], example with { Parameters = With(example.Parameters, name, value) });
                }
            }

            foreach (var group in ParameterGroups("x-exactly-one-of"))
            {
                var both = group.Take(2).Select(n => Parameters.First(p => (string)p["name"]! == n)).ToList();
                var given = new Dictionary<string, JsonNode>(Without(example.Parameters, group));
                foreach (var p in both)
                {
                    // Swagger UI would send every example, so only the first of the group has one: the second is made.
                    given[(string)p["name"]!] = Values.Valid(p).FirstOrDefault()
                                                ?? JsonValue.Create((string?)p["format"] == "email" ? "someone@example.com" : "1")!;
                }

                yield return new Breakage("exactly-one-of", group, example with { Parameters = given });
                yield return new Breakage("one-of", group, example with { Parameters = Without(example.Parameters, group) });
            }

            if (Body is not null && example.Body is JsonObject body)
            {
                foreach (var breakage in BodyBreakages(body, Body, "", root => root))
                {
                    yield return breakage with { Request = example with { Body = breakage.Request.Body } };
                }
            }
        }

        /// <summary>
        /// Breakages of one object of the body, at <paramref name="prefix"/> (<c>messages[0].</c>), each a whole new body
        /// made by <paramref name="place"/>, which puts the broken object back where it came from.
        /// </summary>
        private static IEnumerable<Breakage> BodyBreakages(JsonObject value, JsonObject schema, string prefix, Func<JsonObject, JsonObject> place)
        {
            var properties = schema["properties"] as JsonObject ?? [];
            foreach (var name in schema["required"]?.AsArray().Select(n => (string)n!) ?? [])
            {
                yield return InBody("required", prefix + name, place(Edit(value, o => o.Remove(name))));
            }

            foreach (var (name, property) in properties)
            {
                var field = prefix + name;
                foreach (var (constraint, broken) in Values.Breaking(property!.AsObject()))
                {
                    yield return InBody(constraint, field, place(Edit(value, o => o[name] = broken)));
                }

                if (property["type"] is { } type && (string?)type is "integer" or "boolean")
                {
                    yield return InBody("type", field, place(Edit(value, o => o[name] = "not a " + (string)type!)));
                }

                if (property["items"] is JsonObject items)
                {
                    if (property["minItems"] is { } minItems && (int)minItems > 0)
                    {
                        yield return InBody("minItems", field, place(Edit(value, o => o[name] = new JsonArray())));
                    }

                    if (value[name] is JsonArray array && array.Count > 0)
                    {
                        if (property["maxItems"] is { } maxItems && (int)maxItems <= 100)
                        {
                            var tooMany = new JsonArray(Enumerable.Range(0, (int)maxItems + 1).Select(_ => array[0]!.DeepClone()).ToArray());
                            yield return InBody("maxItems", field, place(Edit(value, o => o[name] = tooMany)));
                        }

                        if (array[0] is JsonObject first && items["properties"] is not null)
                        {
                            foreach (var nested in BodyBreakages(first, items, $"{field}[0].", broken =>
                                         place(Edit(value, o => o[name] = new JsonArray([broken, .. array.Skip(1).Select(i => i!.DeepClone())])))))
                            {
                                yield return nested;
                            }
                        }
                        else
                        {
                            foreach (var (constraint, broken) in Values.Breaking(items))
                            {
                                var itemField = array.Count == 1 ? [field, $"{field}[0]"] : new[] { $"{field}[0]" };
                                yield return new Breakage(constraint, itemField,
                                    new ContractRequest([], place(Edit(value, o => o[name] = new JsonArray([broken, .. array.Skip(1).Select(i => i!.DeepClone())])))));
                            }
                        }
                    }
                }
            }

            foreach (var group in (schema["x-exactly-one-of"]?.AsArray() ?? []).Select(g => g!.AsArray().Select(f => (string)f!).ToArray()))
            {
                var present = group.FirstOrDefault(value.ContainsKey);
                var other = group.FirstOrDefault(f => f != present && properties[f]?["example"] is not null);
                if (present is not null && other is not null)
                {
                    yield return new Breakage("exactly-one-of", group.Select(f => prefix + f).ToArray(),
                        new ContractRequest([], place(Edit(value, o => o[other] = properties[other]!["example"]!.DeepClone()))));
                }
            }

            foreach (var group in (schema["x-exactly-one-of"]?.AsArray() ?? []).Concat(schema["x-at-least-one-of"]?.AsArray() ?? [])
                         .Select(g => g!.AsArray().Select(f => (string)f!).ToArray()))
            {
                yield return new Breakage("one-of", group.Select(f => prefix + f).Append("body").ToArray(),
                    new ContractRequest([], place(Edit(value, o => group.ToList().ForEach(f => o.Remove(f))))));
            }
        }

        private static Breakage InBody(string constraint, string field, JsonObject body) => new(constraint, [field], new ContractRequest([], body));

        private static JsonObject Edit(JsonObject value, Action<JsonObject> edit)
        {
            var copy = value.DeepClone().AsObject();
            edit(copy);
            return copy;
        }

        private static Dictionary<string, JsonNode> Without(Dictionary<string, JsonNode> values, params string[] names) =>
            values.Where(v => !names.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value);

        private static Dictionary<string, JsonNode> With(Dictionary<string, JsonNode> values, string name, JsonNode value) =>
            new(values) { [name] = value };
    }

    /// <summary>A request: its path and query values by parameter name, and its body.</summary>
    private sealed record ContractRequest(Dictionary<string, JsonNode> Parameters, JsonNode? Body)
    {
        public string PathAndQuery(ContractOperation operation)
        {
            var path = operation.Template;
            var query = new List<string>();
            foreach (var parameter in operation.Parameters)
            {
                var name = (string)parameter["name"]!;
                if (!Parameters.TryGetValue(name, out var value))
                {
                    continue;
                }

                var text = Uri.EscapeDataString(value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString());
                if ((string?)parameter["in"] == "path")
                {
                    path = path.Replace("{" + name + "}", text, StringComparison.Ordinal);
                }
                else
                {
                    query.Add($"{name}={text}");
                }
            }

            return query.Count == 0 ? path : path + "?" + string.Join("&", query);
        }

        public override string ToString() =>
            string.Join("&", Parameters.Select(p => $"{p.Key}={Trim(p.Value.ToJsonString())}")) + (Body is null ? "" : " " + Trim(Body.ToJsonString()));

        private static string Trim(string text) => text.Length > 200 ? text[..200] + "…" : text;
    }

    /// <summary>Values a schema (a parameter's or a property's) declares valid, and values that break one of its constraints.</summary>
    private static partial class Values
    {
        public static IEnumerable<JsonNode> Valid(JsonObject schema)
        {
            if ((schema["x-example"] ?? schema["example"]) is { } example)
            {
                yield return example.DeepClone();
            }

            foreach (var value in schema["enum"]?.AsArray() ?? [])
            {
                yield return value!.DeepClone();
            }

            switch ((string?)schema["type"])
            {
                case "integer":
                    foreach (var bound in new[] { schema["minimum"], schema["maximum"] }.Where(b => b is not null))
                    {
                        yield return JsonValue.Create((long)bound!);
                    }

                    break;
                case "boolean":
                    yield return JsonValue.Create(true);
                    yield return JsonValue.Create(false);
                    break;
                // A pattern of a phone number or a country states its shape, not every rule a real one keeps (the
                // description says which): only the text patterns are whole, so only there are made-up values valid.
                case "string" when schema["format"] is null && schema["enum"] is null
                                   && (schema["pattern"] is null || ((string)schema["pattern"]!).StartsWith(@"^[^\u0000", StringComparison.Ordinal)):
                    var min = (int?)schema["minLength"] ?? 0;
                    foreach (var length in new[] { Math.Max(min, 1), (int?)schema["maxLength"] ?? 0 }.Where(l => l > 0).Distinct())
                    {
                        var text = new string('a', length);
                        if (Matches(schema, text))
                        {
                            yield return JsonValue.Create(text);
                        }
                    }

                    break;
            }
        }

        public static IEnumerable<(string Constraint, JsonNode Value)> Breaking(JsonObject schema)
        {
            if (schema["enum"] is JsonArray values && values.Count > 0)
            {
                yield return ("enum", values[0]!.GetValueKind() == System.Text.Json.JsonValueKind.Number ? JsonValue.Create(7) : JsonValue.Create("not-a-listed-value"));
            }

            if (schema["minimum"] is { } minimum && (string?)schema["type"] == "integer")
            {
                yield return ("minimum", JsonValue.Create((long)minimum - 1));
            }

            if (schema["maximum"] is { } maximum && (string?)schema["type"] == "integer")
            {
                yield return ("maximum", JsonValue.Create((long)maximum + 1));
            }

            if ((string?)schema["type"] != "string")
            {
                yield break;
            }

            if (schema["maxLength"] is { } maxLength)
            {
                yield return ("maxLength", JsonValue.Create(new string('7', (int)maxLength + 1)));
            }

            if (schema["minLength"] is { } minLength && (int)minLength > 1)
            {
                yield return ("minLength", JsonValue.Create(new string('a', (int)minLength - 1)));
            }

            if (schema["pattern"] is not null)
            {
                var max = (int?)schema["maxLength"] ?? int.MaxValue;
                if (new[] { "bad\u0001value", "not valid!", "@@@", "a\u0000" }.FirstOrDefault(c => c.Length <= max && !Matches(schema, c)) is { } notMatching)
                {
                    yield return ("pattern", JsonValue.Create(notMatching));
                }
            }

            switch ((string?)schema["format"])
            {
                case "email":
                    yield return ("format", JsonValue.Create("not-an-email"));
                    break;
                case "date-time":
                    yield return ("format", JsonValue.Create("yesterday"));
                    break;
            }
        }

        /// <summary>Whether the text keeps the schema's pattern, read as the document means it (ECMAScript: <c>$</c> ends the text).</summary>
        private static bool Matches(JsonObject schema, string text) =>
            schema["pattern"] is not { } pattern
            || Regex.IsMatch(text, ((string)pattern!).EndsWith('$') ? ((string)pattern!)[..^1] + @"\z" : (string)pattern!);
    }
}
