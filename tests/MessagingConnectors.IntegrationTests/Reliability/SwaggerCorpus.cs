using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace MessagingConnectors.IntegrationTests.Reliability;

public sealed record ApiParameter(string Name, string In, string Type, bool Required, string? FirstEnum);

/// <summary>One operation of the app's Swagger document: what the corpus needs to build requests for it.</summary>
public sealed record ApiOperation(string Id, string Method, string PathTemplate, IReadOnlyList<ApiParameter> Parameters, JsonNode? BodySchema, bool HasBody)
{
    public IEnumerable<ApiParameter> PathParameters => Parameters.Where(p => p.In == "path");

    public IEnumerable<ApiParameter> QueryParameters => Parameters.Where(p => p.In == "query");
}

/// <summary>One request of the bad-input corpus: a path with its query, and a body as raw bytes.</summary>
public sealed record CorpusCase(ApiOperation Operation, string Kind, string PathAndQuery, string? ContentType, byte[]? Body, bool Chunked = false)
{
    public override string ToString() =>
        $"{Operation.Id} [{Kind}] {Operation.Method} {PathAndQuery} {ContentType} " +
        (Body is null ? "" : Body.Length > 300 ? $"<{Body.Length} bytes>" : Encoding.UTF8.GetString(Body));
}

/// <summary>
/// Builds a bad-input corpus for every operation the app's Swagger document lists: a plausible request
/// from the schema, then hand-picked breakages (injection, control and right-to-left characters, huge
/// strings, oversized bodies, wrong content types, broken JSON) and FsCheck-generated mutations of it.
/// </summary>
public static partial class SwaggerCorpus
{
    public const int JsonLimit = 1024 * 1024;

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Strings that break things: injection, control and bidi characters, bad phones, bad base64, huge.</summary>
    public static readonly string[] EvilStrings =
    [
        "", " ", "\u0000", "\u0001\u0002\u001b[31m", "line\r\nX-Injected: 1", "\t\t",
        "\u202Eevil\u202C", "\u200F\u05E9\u05DC\u05D5\u05DD", "\u0645\u0631\u062D\u0628\u0627", "\uFEFF\u200B", "😀👍🏽", "Zdravím ✓ ř",
        "../../etc/passwd", "..%2F..%2F", "%2F", "a/b", "a&b=c", "a#b", "?x=1", "%00", "%", "%zz", "a;b", "a\\b",
        "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "{{7*7}}", "$where", "@{triggerBody()}",
        "+", "+0", "123", "+614111111111111111111", "0412 345 678", "٠٤١٢٣٤٥٦٧٨", "+61 4 1111 1111\n", "++61411111111",
        "not-an-email", "a@", "@b.c", "a@b@c",
        "!!!notbase64", "YQ", "YQ=", "====", "data:image/png;base64,AAAA", "JVBERi0=",
        "javascript:alert(1)", "file:///etc/passwd", "http://169.254.169.254/latest/meta-data", "https://127.0.0.1/x", "https://[::1]/",
        "-1", "0", "99999999999999999999", "1e309", "NaN", "true", "null", "[]", "{}",
        new string('x', 5000), new string('ř', 70_000),
    ];

    /// <summary>Values of the wrong JSON type (or out of range) for any field.</summary>
    public static readonly string[] WrongValues =
    [
        "null", "0", "-1", "1.5", "1e400", "-9223372036854775809", "9223372036854775808", "true", "false", "\"12\"", "\"\"",
        "[]", "{}", "[1,\"a\",null]", "{\"$ref\":\"#\"}", "\"\\ud800\"", "\"\\u0000\"", "[[[[[]]]]]",
    ];

    public static readonly string[] BrokenBodies =
    [
        "", " ", "{", "}", "[", "null", "0", "\"x\"", "[]", "true", "{\"a\":}", "{'a':1}", "{\"a\":1,}", "{a:1}", "\u0000",
        "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}", "{\"a\":1}{\"b\":2}", "{\"a\":NaN}", "{\"a\":1e99999}", "<xml/>", "a=1&b=2",
        new string('[', 200) + new string(']', 200), "{\"a\":" + new string('[', 70) + new string(']', 70) + "}",
        "{\"__proto__\":{\"x\":1}}", "{\"\":1}",
    ];

    public static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=utf-16", "application/octet-stream", "image/png", "application/jsonx", "*/*", "",
    ];

    public static IReadOnlyList<ApiOperation> Operations(JsonNode document)
    {
        var basePath = ((string?)document["basePath"] ?? "").TrimEnd('/');
        var definitions = document["definitions"]?.AsObject();
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is not ("get" or "post" or "put" or "patch" or "delete") || operation is null)
                {
                    continue;
                }

                var parameters = new List<ApiParameter>();
                JsonNode? body = null;
                var hasBody = false;
                foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                {
                    var location = (string)parameter!["in"]!;
                    if (location == "body")
                    {
                        hasBody = true;
                        body = Resolve(parameter["schema"], definitions, 0);
                        continue;
                    }

                    if (location is "path" or "query")
                    {
                        parameters.Add(new ApiParameter((string)parameter["name"]!, location, (string?)parameter["type"] ?? "string",
                            (bool?)parameter["required"] ?? false, parameter["enum"]?.AsArray().FirstOrDefault()?.ToString()));
                    }
                }

                operations.Add(new ApiOperation((string?)operation["operationId"] ?? $"{method} {path}", method.ToUpperInvariant(),
                    basePath + path, parameters, body, hasBody));
            }
        }

        return operations;
    }

    /// <summary>Inlines <c>$ref</c>s so samples and mutations see the whole shape (recursion stops at a depth).</summary>
    private static JsonNode? Resolve(JsonNode? schema, JsonObject? definitions, int depth)
    {
        if (schema is null || depth > 6)
        {
            return null;
        }

        if (schema["$ref"] is { } reference)
        {
            var name = ((string)reference!).Split('/')[^1];
            return Resolve(definitions?[name], definitions, depth + 1);
        }

        var copy = schema.DeepClone().AsObject();
        if (copy["properties"] is JsonObject properties)
        {
            foreach (var name in properties.Select(p => p.Key).ToList())
            {
                properties[name] = Resolve(properties[name], definitions, depth + 1) ?? new JsonObject();
            }
        }

        if (copy["items"] is { } items)
        {
            copy["items"] = Resolve(items, definitions, depth + 1) ?? new JsonObject();
        }

        return copy;
    }

    /// <summary>A plausible value for a schema, guessed from its type, format, enum and field name.</summary>
    public static JsonNode? Sample(JsonNode? schema, string name)
    {
        if (schema is null)
        {
            return JsonValue.Create("test");
        }

        if (schema["enum"]?.AsArray().FirstOrDefault() is { } first)
        {
            return first.DeepClone();
        }

        var type = (string?)schema["type"];
        if (type == "object" || schema["properties"] is not null)
        {
            var result = new JsonObject();
            foreach (var (property, propertySchema) in schema["properties"]?.AsObject() ?? [])
            {
                result[property] = Sample(propertySchema, property);
            }

            return result;
        }

        var lower = name.ToLowerInvariant();
        return type switch
        {
            "array" => new JsonArray(Sample(schema["items"], name.TrimEnd('s'))),
            "integer" => JsonValue.Create(lower.Contains("schedule", StringComparison.Ordinal) ? 0 : 1),
            "number" => JsonValue.Create(1.5),
            "boolean" => JsonValue.Create(false),
            _ => JsonValue.Create(SampleString(lower, (string?)schema["format"], (string?)schema["description"] ?? "")),
        };
    }

    private static string SampleString(string name, string? format, string description)
    {
        if (format == "date-time")
        {
            return "2030-01-01T00:00:00Z";
        }

        return name switch
        {
            _ when name.Contains("email", StringComparison.Ordinal) => "eva@example.cz",
            _ when name.Contains("phone", StringComparison.Ordinal) || name is "to" or "number" or "dedicated_number" => "+61411111111",
            "country" => "AU",
            "pin" => "521223115",
            "content" => "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==",
            _ when description.Contains("URL", StringComparison.Ordinal) || name.EndsWith("url", StringComparison.Ordinal) => "https://example.com/file.pdf",
            "lang" => "en-au",
            "voice" => "female",
            "from" => "Shop",
            _ => "test",
        };
    }

    private static string SampleParameter(ApiParameter parameter) => parameter.FirstEnum ?? (parameter.Type is "integer" or "number"
        ? parameter.Name switch { "limit" => "10", _ => "1" }
        : parameter.Name switch
        {
            "phone" => "+48500600700",
            "email" => "eva@example.cz",
            "pin" => "521223115",
            "convert" => "mms",
            "page" => "1",
            "limit" => "10",
            "order" => "asc",
            "delete_contacts" or "predefined" => "true",
            _ => "test",
        });

    /// <summary>The path and query of a plausible call, with some values replaced (already encoded).</summary>
    public static string PathAndQuery(ApiOperation operation, IReadOnlyDictionary<string, string?>? overrides = null, string? extraQuery = null)
    {
        var path = operation.PathTemplate;
        foreach (var parameter in operation.PathParameters)
        {
            var value = overrides is not null && overrides.TryGetValue(parameter.Name, out var given) ? given ?? "" : SampleParameter(parameter);
            path = path.Replace("{" + parameter.Name + "}", value, StringComparison.Ordinal);
        }

        var query = new List<string>();
        foreach (var parameter in operation.QueryParameters)
        {
            if (overrides is not null && overrides.TryGetValue(parameter.Name, out var given))
            {
                if (given is not null)
                {
                    query.Add($"{parameter.Name}={given}");
                }
            }
            else if (parameter.Required)
            {
                query.Add($"{parameter.Name}={Uri.EscapeDataString(SampleParameter(parameter))}");
            }
        }

        if (extraQuery is not null)
        {
            query.Add(extraQuery);
        }

        return query.Count == 0 ? path : path + "?" + string.Join("&", query);
    }

    /// <summary>Encodings of a bad value for a URL: escaped, and raw when it is printable ASCII (so '/', '..', '&amp;' travel as they are).</summary>
    public static IEnumerable<string> UrlForms(string value)
    {
        yield return Uri.EscapeDataString(value);
        if (value.Length is > 0 and < 200 && value.All(c => c is > ' ' and < '\u007f' and not '#' and not '\\'))
        {
            yield return value;
        }
    }

    public static JsonNode? SampleBody(ApiOperation operation) =>
        operation.BodySchema is null ? new JsonObject { ["message_id"] = "M-1", ["body"] = "hi" } : Sample(operation.BodySchema, "body");

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Serialize(JsonNode? node, bool relaxed) => Utf8(node?.ToJsonString(relaxed ? Relaxed : null) ?? "null");

    private static CorpusCase Json(ApiOperation operation, string kind, byte[] body, string? pathAndQuery = null) =>
        new(operation, kind, pathAndQuery ?? PathAndQuery(operation), "application/json", body);

    /// <summary>Every place in a sample a mutation can touch: property names and array indexes from the root.</summary>
    private static List<object[]> Paths(JsonNode? node, List<object>? prefix = null)
    {
        prefix ??= [];
        var paths = new List<object[]>();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    var path = new List<object>(prefix) { key };
                    paths.Add(path.ToArray());
                    paths.AddRange(Paths(child, path));
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var path = new List<object>(prefix) { i };
                    paths.Add(path.ToArray());
                    paths.AddRange(Paths(array[i], path));
                }

                break;
        }

        return paths;
    }

    private static JsonNode? Mutate(JsonNode? sample, object[] path, Func<JsonNode?, JsonNode?>? replace, bool remove = false)
    {
        var root = sample?.DeepClone();
        var parent = root;
        foreach (var step in path[..^1])
        {
            parent = step is string key ? parent?[key] : parent?[(int)step];
        }

        switch (parent, path[^1])
        {
            case (JsonObject obj, string key):
                if (remove)
                {
                    obj.Remove(key);
                }
                else
                {
                    obj[key] = replace!(obj[key]);
                }

                break;
            case (JsonArray array, int index):
                if (remove)
                {
                    array.RemoveAt(index);
                }
                else
                {
                    array[index] = replace!(array[index]);
                }

                break;
        }

        return root;
    }

    private static JsonNode Raw(string json) => new RawJson(json).Node;

    /// <summary>Carries JSON text System.Text.Json will not hold as a node (lone surrogates, huge numbers) through serialisation.</summary>
    private sealed partial class RawJson(string text)
    {
        private static readonly List<string> Texts = [];

        public JsonNode Node
        {
            get
            {
                lock (Texts)
                {
                    Texts.Add(text);
                    return JsonValue.Create($"\u0001RAW{Texts.Count - 1}\u0001");
                }
            }
        }

        public static string Expand(string json)
        {
            if (!json.Contains("\\u0001RAW", StringComparison.Ordinal))
            {
                return json;
            }

            lock (Texts)
            {
                return Marker().Replace(json, m => Texts[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
            }
        }

        [System.Text.RegularExpressions.GeneratedRegex(@"""\\u0001RAW(\d+)\\u0001""")]
        private static partial System.Text.RegularExpressions.Regex Marker();
    }

    private static byte[] Body(JsonNode? node, bool relaxed) => Utf8(RawJson.Expand(Encoding.UTF8.GetString(Serialize(node, relaxed))));

    public static IEnumerable<CorpusCase> HandPicked(ApiOperation operation)
    {
        var sample = SampleBody(operation);
        var sampleBytes = Serialize(sample, relaxed: false);

        foreach (var parameter in operation.PathParameters)
        {
            foreach (var value in EvilStrings.Where(v => v.Length < 1000).Append("..").Append("%2E%2E").Append("1%2F2").Append("1/2").Append("1%23x").Append("1%26a=b").Append("1.5"))
            {
                foreach (var form in UrlForms(value))
                {
                    if (form.Length == 0)
                    {
                        continue;
                    }

                    yield return new CorpusCase(operation, "path-injection",
                        PathAndQuery(operation, new Dictionary<string, string?> { [parameter.Name] = form }),
                        operation.HasBody ? "application/json" : null, operation.HasBody ? sampleBytes : null);
                }
            }
        }

        foreach (var parameter in operation.QueryParameters)
        {
            foreach (var value in EvilStrings)
            {
                foreach (var form in UrlForms(value))
                {
                    yield return new CorpusCase(operation, "query-injection",
                        PathAndQuery(operation, new Dictionary<string, string?> { [parameter.Name] = form }),
                        operation.HasBody ? "application/json" : null, operation.HasBody ? sampleBytes : null);
                }
            }

            if (parameter.Required)
            {
                yield return new CorpusCase(operation, "missing-query", PathAndQuery(operation, new Dictionary<string, string?> { [parameter.Name] = null }),
                    operation.HasBody ? "application/json" : null, operation.HasBody ? sampleBytes : null);
            }

            yield return new CorpusCase(operation, "duplicate-query", PathAndQuery(operation, extraQuery: $"{parameter.Name}=1&{parameter.Name}=x"),
                operation.HasBody ? "application/json" : null, operation.HasBody ? sampleBytes : null);
        }

        yield return new CorpusCase(operation, "extra-query", PathAndQuery(operation, extraQuery: "unknown=%E2%80%AE&%00=1&a[b]=c"),
            operation.HasBody ? "application/json" : null, operation.HasBody ? sampleBytes : null);

        if (!operation.HasBody)
        {
            yield break;
        }

        foreach (var broken in BrokenBodies)
        {
            yield return Json(operation, "broken-json", Utf8(broken));
        }

        yield return Json(operation, "invalid-utf8", [.. "{\"x\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8]);
        yield return Json(operation, "bom", [0xEF, 0xBB, 0xBF, .. sampleBytes]);
        yield return Json(operation, "truncated", sampleBytes[..(sampleBytes.Length / 2)]);

        foreach (var contentType in WrongContentTypes)
        {
            yield return new CorpusCase(operation, "content-type", PathAndQuery(operation), contentType.Length == 0 ? null : contentType, sampleBytes);
        }

        yield return new CorpusCase(operation, "no-body", PathAndQuery(operation), "application/json", null);
        yield return Json(operation, "oversized", Body(new JsonObject { ["x"] = new string('a', JsonLimit + 10) }, false));
        yield return Json(operation, "oversized-5mb", Utf8(new string(' ', 5 * JsonLimit) + "{}"));
        yield return new CorpusCase(operation, "oversized-chunked", PathAndQuery(operation), "application/json",
            Body(new JsonObject { ["x"] = new string('a', JsonLimit + 10) }, false), Chunked: true);

        var paths = Paths(sample);
        yield return Json(operation, "extra-field", Body(sample is JsonObject ? Mutate(sample, ["unexpected_field"], _ => JsonValue.Create(1)) : sample, false));
        foreach (var path in paths.Where(p => p.Length <= 3))
        {
            yield return Json(operation, "missing-field", Body(Mutate(sample, path, null, remove: true), false));
            foreach (var wrong in WrongValues)
            {
                yield return Json(operation, "wrong-type", Body(Mutate(sample, path, _ => Raw(wrong)), false));
            }
        }

        foreach (var path in paths.Where(p => Leaf(sample, p) is JsonValue v && v.GetValueKind() == JsonValueKind.String))
        {
            foreach (var evil in EvilStrings)
            {
                yield return Json(operation, "evil-string", Body(Mutate(sample, path, _ => JsonValue.Create(evil)), relaxed: evil.Length % 2 == 0));
            }
        }
    }

    private static JsonNode? Leaf(JsonNode? root, object[] path)
    {
        var node = root;
        foreach (var step in path)
        {
            node = step is string key ? node?[key] : node?[(int)step];
        }

        return node;
    }

    private static Gen<string> EvilString =>
        Gen.Frequency(
            (5, Gen.Elements(EvilStrings)),
            (3, Gen.Choose(0, 40).SelectMany(length => Gen.ArrayOf(Gen.Elements(
                "aZ09 +-_.,;:/\\?#&%=@!'\"<>{}[]()\u0000\u0007\u001b\u007f\u00a0\u200b\u200e\u200f\u202a\u202b\u202d\u202e\u2066\u2069\ufeff\ufffdřá€😀".ToCharArray()), length)
                .Select(chars => new string(chars)))),
            (1, Gen.Choose(1, 300_000).Select(length => new string('x', length))));

    /// <summary>
    /// Up to <paramref name="wanted"/> copies, but no more than about 4 MB of them: past the app's body limit a body is a
    /// 413 however large, and mutations that compound (a 300,000-character string copied 1,200 times, then that list
    /// copied again) ran the test process out of memory.
    /// </summary>
    private static int Copies(int wanted, JsonNode? node) =>
        Math.Min(wanted, 4_000_000 / Math.Max(1, node?.ToJsonString().Length ?? 4));

    private static Gen<Func<JsonNode?, JsonNode?>> WrongValue =>
        Gen.Frequency(
            (3, Gen.Elements(WrongValues).Select(v => (Func<JsonNode?, JsonNode?>)(_ => Raw(v)))),
            (3, EvilString.Select(s => (Func<JsonNode?, JsonNode?>)(_ => JsonValue.Create(s)))),
            (1, Gen.Choose(int.MinValue, int.MaxValue).Select(n => (Func<JsonNode?, JsonNode?>)(_ => JsonValue.Create(n)))),
            (1, Gen.Choose(0, 1200).Select(n => (Func<JsonNode?, JsonNode?>)(old => new JsonArray(Enumerable.Range(0, Copies(n, old)).Select(_ => old?.DeepClone()).ToArray())))),
            (1, Gen.Constant((Func<JsonNode?, JsonNode?>)(old => new JsonArray(old?.DeepClone())))));

    /// <summary>FsCheck generator of mutated requests for one operation.</summary>
    public static Gen<CorpusCase> Generated(ApiOperation operation)
    {
        var sample = SampleBody(operation);
        var paths = Paths(sample);
        var queryAndPath = operation.Parameters.Where(p => p.In is "path" or "query").ToArray();
        var sampleBytes = operation.HasBody ? Serialize(sample, false) : null;
        var contentType = operation.HasBody ? "application/json" : null;

        var generators = new List<(int, Gen<CorpusCase>)>
        {
            (2, Gen.Elements(EvilStrings).SelectMany(key => Gen.Elements(UrlForms(key).ToArray()).Select(form =>
                new CorpusCase(operation, "gen-extra-query", PathAndQuery(operation, extraQuery: $"{form}={form}"), contentType, sampleBytes)))),
        };

        if (queryAndPath.Length > 0)
        {
            generators.Add((4,
                from parameter in Gen.Elements(queryAndPath)
                from value in EvilString
                from form in Gen.Elements(UrlForms(value).ToArray())
                where !(parameter.In == "path" && form.Length == 0)
                select new CorpusCase(operation, "gen-parameter", PathAndQuery(operation, new Dictionary<string, string?> { [parameter.Name] = form }), contentType, sampleBytes)));
        }

        if (operation.HasBody)
        {
            var mutation = Gen.Frequency(
                (4, paths.Count == 0 ? Gen.Constant((Func<JsonNode?, JsonNode?>)(n => n)) :
                    from path in Gen.Elements<object[]>(paths.ToArray())
                    from replace in WrongValue
                    select (Func<JsonNode?, JsonNode?>)(n => Paths(n).Any(p => p.SequenceEqual(path)) ? Mutate(n, path, replace) : n)),
                (2, paths.Count == 0 ? Gen.Constant((Func<JsonNode?, JsonNode?>)(n => n)) :
                    Gen.Elements<object[]>(paths.ToArray()).Select(path => (Func<JsonNode?, JsonNode?>)(n => Paths(n).Any(p => p.SequenceEqual(path)) ? Mutate(n, path, null, remove: true) : n))),
                (1, from key in EvilString
                    from replace in WrongValue
                    select (Func<JsonNode?, JsonNode?>)(n => n is JsonObject ? Mutate(n, [key], replace) : n)),
                (1, WrongValue.Select(replace => (Func<JsonNode?, JsonNode?>)(n => replace(n)))));

            generators.Add((10,
                from count in Gen.Choose(1, 3)
                from mutations in Gen.ListOf(mutation, count)
                from relaxed in Gen.Elements(true, false)
                select Json(operation, "gen-body", Body(mutations.Aggregate(sample?.DeepClone(), (node, m) => m(node)), relaxed))));

            generators.Add((2,
                from cut in Gen.Choose(0, Math.Max(0, sampleBytes!.Length - 1))
                from garbage in Gen.Elements("", "\"", "{", "}", ",", ":", "\\", "\u0000", "]", "'", "\u202e")
                select Json(operation, "gen-broken-json", [.. sampleBytes[..cut], .. Utf8(garbage), .. sampleBytes[cut..]])));

            generators.Add((1, Gen.Elements(WrongContentTypes).Select(type =>
                new CorpusCase(operation, "gen-content-type", PathAndQuery(operation), type.Length == 0 ? null : type, sampleBytes))));
        }

        return Gen.Frequency(generators.ToArray());
    }
}
