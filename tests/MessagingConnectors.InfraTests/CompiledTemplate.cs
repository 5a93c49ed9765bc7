using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MessagingConnectors.InfraTests;

/// <summary>
/// The ARM template compiled from infra/main.bicep, read once, with helpers that find resources
/// in it (modules become nested deployments, so resources are searched in every nested template)
/// and read app settings whether Bicep wrote them as JSON objects or as createObject() expressions.
/// </summary>
internal static partial class CompiledTemplate
{
    private static readonly Lazy<(JsonObject? Root, string? Problem)> Loaded = new(Load);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string TemplatePath => Path.Combine(RepositoryRoot, "artifacts", "infra", "main.json");

    /// <summary>The whole template; fails the calling test when it has not been built.</summary>
    public static JsonObject Root
    {
        get
        {
            var (root, problem) = Loaded.Value;
            if (root is null)
            {
                Assert.Fail(problem);
            }

            return root;
        }
    }

    public static string Text => Root.ToJsonString();

    /// <summary>Every resource declaration in the template and in its nested (module) templates.</summary>
    public static IReadOnlyList<JsonObject> AllResources() => Descendants(Root).Where(IsResource).Cast<JsonObject>().ToList();

    public static IReadOnlyList<JsonObject> ResourcesOfType(string type) =>
        AllResources().Where(r => string.Equals(Str(r["type"]), type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The module deployment (Microsoft.Resources/deployments) whose template declares <paramref name="resource"/>.</summary>
    public static JsonObject ModuleOf(JsonObject resource) =>
        ResourcesOfType("Microsoft.Resources/deployments")
            .Where(d => d["properties"]?["template"] is JsonObject template && Descendants(template).Contains(resource))
            .OrderBy(d => d.ToJsonString().Length) // the innermost module when modules nest
            .FirstOrDefault()
        ?? throw new InvalidOperationException($"no module declares the {Str(resource["type"])} resource");

    /// <summary>
    /// App settings (name, value) found anywhere in <paramref name="node"/>: JSON objects with a
    /// string "name" and a "value", and createObject('name', '...', 'value', ...) in expressions.
    /// Values of expressions come back as expression text.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> Settings(JsonNode node)
    {
        var settings = new List<(string, string)>();
        foreach (var candidate in Descendants(node))
        {
            if (candidate is JsonObject obj && obj.Count == 2 && obj["name"] is JsonValue name
                && name.TryGetValue<string>(out var settingName) && obj.ContainsKey("value") && obj["value"] is JsonValue value)
            {
                settings.Add((settingName, value.ToString()));
            }
            else if (candidate is JsonValue text && text.TryGetValue<string>(out var expression) && expression.StartsWith('['))
            {
                foreach (Match match in CreateObjectSetting().Matches(expression))
                {
                    settings.Add((match.Groups["name"].Value, Unquote(ReadArgument(expression, match.Index + match.Length))));
                }
            }
        }

        return settings;
    }

    public static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        foreach (var d in Descendants(child))
                        {
                            yield return d;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        foreach (var d in Descendants(child))
                        {
                            yield return d;
                        }
                    }
                }

                break;
        }
    }

    public static string? Str(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static bool? Bool(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;

    private static bool IsResource(JsonNode node) =>
        node is JsonObject obj && Str(obj["type"]) is { } type && type.Contains('/', StringComparison.Ordinal) && Str(obj["apiVersion"]) is not null;

    /// <summary>Reads one ARM expression argument starting at <paramref name="start"/>, up to the next top-level ',' or ')'.</summary>
    private static string ReadArgument(string expression, int start)
    {
        var depth = 0;
        var quoted = false;
        for (var i = start; i < expression.Length; i++)
        {
            var c = expression[i];
            if (quoted)
            {
                if (c == '\'' && i + 1 < expression.Length && expression[i + 1] == '\'')
                {
                    i++; // escaped quote
                }
                else if (c == '\'')
                {
                    quoted = false;
                }
            }
            else if (c == '\'')
            {
                quoted = true;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c is ')' or ',' && depth == 0)
            {
                return expression[start..i].Trim();
            }
            else if (c == ')')
            {
                depth--;
            }
        }

        return expression[start..].Trim();
    }

    /// <summary>A string literal argument ('text', with '' for a quote) becomes its text; anything else stays expression text.</summary>
    private static string Unquote(string argument) =>
        argument.Length >= 2 && argument[0] == '\'' && argument[^1] == '\'' && !argument[1..^1].Replace("''", "", StringComparison.Ordinal).Contains('\'', StringComparison.Ordinal)
            ? argument[1..^1].Replace("''", "'", StringComparison.Ordinal)
            : argument;

    [GeneratedRegex(@"createObject\('name', '(?<name>[^']+)', 'value', ")]
    private static partial Regex CreateObjectSetting();

    private static (JsonObject?, string?) Load()
    {
        var path = TemplatePath;
        if (!File.Exists(path))
        {
            return (null, $"The compiled template {path} does not exist. Run scripts/bicep.sh (it builds and lints infra/main.bicep into artifacts/infra/main.json), then run these tests again.");
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) is JsonObject root
                ? (root, null)
                : (null, $"{path} is not a JSON object. Run scripts/bicep.sh again.");
        }
        catch (JsonException e)
        {
            return (null, $"{path} is not valid JSON ({e.Message}). Run scripts/bicep.sh again.");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Functions.sln.");
    }
}
