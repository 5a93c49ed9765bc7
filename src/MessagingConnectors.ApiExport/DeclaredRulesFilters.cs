using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace MessagingConnectors.ApiExport;

/// <summary>
/// States each rule a request field declares (<see cref="RuleAttribute.Describe"/>) on the field's schema, so the document
/// says what <see cref="DeclaredRules"/> checks: lengths, patterns, formats, enums, bounds, item counts, and the fields a
/// model requires through <see cref="RequiresAttribute"/>.
/// </summary>
internal sealed class DeclaredRulesSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema target || target.Properties is null)
        {
            return;
        }

        DeclaredRulesDocumentation.StateGroups(target.Extensions ??= new Dictionary<string, IOpenApiExtension>(), context.Type);
        if (context.Type.GetCustomAttribute<OpenApi.ApiExampleAttribute>() is { } example)
        {
            DeclaredRulesDocumentation.SetExample(target, JsonNode.Parse(example.Json));
        }

        var requires = context.Type.GetCustomAttribute<RequiresAttribute>(inherit: false)?.Fields ?? [];
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (name is null || !target.Properties.TryGetValue(name, out var propertySchema) || propertySchema is not OpenApiSchema propertyTarget)
            {
                continue;
            }

            DeclaredRulesDocumentation.State(propertyTarget, property.GetCustomAttributes<RuleAttribute>());
            DeclaredRulesDocumentation.SetExample(propertyTarget, DeclaredRulesDocumentation.Example(property, propertyTarget));
            if (requires.Contains(name))
            {
                DeclaredRulesDocumentation.Require(target, name, propertyTarget);
            }
        }
    }
}

/// <summary>The same for query and route values bound from an <c>[AsParameters]</c> group.</summary>
internal sealed class DeclaredRulesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        // Swagger UI sends every parameter that has an example: of a group of which exactly one is given, only the
        // first carries one, so "Try it out" works as it opens.
        var exclusive = context.MethodInfo.GetParameters().Where(p => p.IsDefined(typeof(Microsoft.AspNetCore.Http.AsParametersAttribute)))
            .SelectMany(p => p.ParameterType.GetCustomAttributes<FieldGroupAttribute>()).Where(g => g.Exclusive)
            .SelectMany(g => g.Fields.Skip(1)).ToHashSet(StringComparer.Ordinal);
        foreach (var description in context.ApiDescription.ParameterDescriptions)
        {
            var info = (description.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo;
            var parameter = operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == description.Name);
            if (info is not null && parameter?.Schema is OpenApiSchema schema)
            {
                DeclaredRulesDocumentation.State(schema, info.GetCustomAttributes<RuleAttribute>());
                // Written as x-example in Swagger 2.0 (which has no parameter example; Swagger UI reads it) and example in OpenAPI 3.
                if (!exclusive.Contains(description.Name))
                {
                    parameter.Example ??= DeclaredRulesDocumentation.Example(info, schema);
                }
            }
        }

        foreach (var group in context.MethodInfo.GetParameters().Where(p => p.IsDefined(typeof(Microsoft.AspNetCore.Http.AsParametersAttribute))))
        {
            DeclaredRulesDocumentation.StateGroups(operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(), group.ParameterType);
        }
    }
}

internal static class DeclaredRulesDocumentation
{
    /// <summary>Writes what <paramref name="rules"/> describe on <paramref name="schema"/>; on an array, item rules go to its items.</summary>
    public static void State(OpenApiSchema schema, IEnumerable<RuleAttribute> rules)
    {
        foreach (var rule in rules)
        {
            var constraints = new FieldConstraints();
            rule.Describe(constraints);
            var isArray = schema.Type?.HasFlag(JsonSchemaType.Array) == true;
            var target = isArray && rule is not ItemsAttribute && schema.Items is OpenApiSchema items ? items : schema;
            target.MinLength = constraints.MinLength ?? target.MinLength;
            target.MaxLength = constraints.MaxLength ?? target.MaxLength;
            target.Pattern = constraints.Pattern ?? target.Pattern;
            target.Format = constraints.Format ?? target.Format;
            target.MinItems = constraints.MinItems ?? target.MinItems;
            target.MaxItems = constraints.MaxItems ?? target.MaxItems;
            if (constraints.Minimum is { } minimum)
            {
                target.Minimum = minimum.ToString(CultureInfo.InvariantCulture);
            }

            if (constraints.Maximum is { } maximum)
            {
                target.Maximum = maximum.ToString(CultureInfo.InvariantCulture);
            }

            if (constraints.Values is { } values)
            {
                target.Enum = values.Select(v => v switch
                {
                    int number => JsonValue.Create(number),
                    _ => (JsonNode)JsonValue.Create(v.ToString())!,
                }).ToList();
            }
        }
    }

    /// <summary>The schema's example (written as <c>example</c> by every version), unless it has one.</summary>
    public static void SetExample(OpenApiSchema schema, JsonNode? example)
    {
        if (example is not null && schema.Examples is not { Count: > 0 })
        {
            schema.Examples = [example];
        }
    }

    /// <summary>The field's example: the one it names, or one its rule offers; an array's is one such item. Null when neither has one.</summary>
    public static JsonNode? Example(ICustomAttributeProvider field, OpenApiSchema schema)
    {
        var value = field.GetCustomAttributes(typeof(OpenApi.ApiFieldAttribute), true).Cast<OpenApi.ApiFieldAttribute>().FirstOrDefault()?.Example
                    ?? field.GetCustomAttributes(typeof(RuleAttribute), true).Cast<RuleAttribute>().Select(r => r.Example).FirstOrDefault(e => e is not null);
        if (value is null)
        {
            return null;
        }

        JsonNode node = value switch
        {
            bool flag => JsonValue.Create(flag),
            int number => JsonValue.Create(number),
            long number => JsonValue.Create(number),
            _ => JsonValue.Create(value.ToString())!,
        };
        return schema.Type?.HasFlag(JsonSchemaType.Array) == true && node is not JsonArray ? new JsonArray(node) : node;
    }

    /// <summary>Each <see cref="FieldGroupAttribute"/> of <paramref name="type"/>: an array of field-name arrays per kind of group.</summary>
    public static void StateGroups(IDictionary<string, IOpenApiExtension> extensions, Type type)
    {
        foreach (var kind in type.GetCustomAttributes<FieldGroupAttribute>(inherit: true).GroupBy(g => g.Extension))
        {
            extensions[kind.Key] = new JsonNodeExtension(new JsonArray(kind.Select(g => (JsonNode)new JsonArray(g.Fields.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray())).ToArray()));
        }
    }

    /// <summary>
    /// Lists <paramref name="name"/> as required and no longer nullable: the model's type is nullable so that validation,
    /// not the reader, names a missing field, but a caller may not send null for it.
    /// </summary>
    public static void Require(OpenApiSchema model, string name, OpenApiSchema property)
    {
        model.Required ??= new HashSet<string>(StringComparer.Ordinal);
        model.Required.Add(name);
        if (property.Type is { } type)
        {
            property.Type = type & ~JsonSchemaType.Null;
        }
    }
}
