using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using MessagingConnectors.OpenApi;

namespace MessagingConnectors.Validation;

/// <summary>
/// The one place field rules are checked: what each property of a request model declares (<see cref="ApiFieldAttribute.Required"/> and
/// the <see cref="RuleAttribute"/>s), through nested models and lists of them. The document
/// states the same declarations, so the two cannot differ. A rule that ties fields together, which a schema cannot say,
/// stays in the model's <see cref="IValidatable.Validate"/>, run after these on the same model. Each failure is named as
/// the caller spells the field: its JSON name or its query name, with its path from the body's root (<c>messages[0].to</c>).
/// </summary>
public static class DeclaredRules
{
    private static readonly ConcurrentDictionary<Type, Field[]> Fields = new();
    private static readonly ConcurrentDictionary<Type, (FieldGroupAttribute, Member[])[]> Groups = new();
    private static readonly ConcurrentDictionary<Type, NormalizePlan> NormalizePlans = new();
    private static readonly ConcurrentDictionary<(Type, string), Func<object, object?>> Readers = new();

    /// <summary>
    /// Whether <paramref name="type"/> declares any rule here, on itself or a model it holds. It also reads the type's
    /// field groups, so a group naming no field of the model fails here (a test calls it for every validated endpoint).
    /// </summary>
    public static bool Declares(Type type) => FieldsOf(type).Length > 0 | Groups.GetOrAdd(type, FindGroups).Length > 0;

    /// <summary>
    /// Reads <paramref name="type"/>'s rules and refuses a model that checks nothing: <c>.Validates&lt;T&gt;()</c> on it would
    /// be a mistake. A test calls it for every validated endpoint; the app reads each model's rules at its first request.
    /// </summary>
    public static void Prepare(Type type)
    {
        if (!Declares(type) && !typeof(IValidatable).IsAssignableFrom(type))
        {
            throw new InvalidOperationException($"{type.Name} declares no rule and has no Validate: .Validates<{type.Name}>() would check nothing.");
        }
    }

    /// <summary>Checks <paramref name="model"/>'s declared rules and then its own cross-field ones, and those of every model it holds.</summary>
    public static void Check(object model, ValidationErrors errors)
    {
        foreach (var field in FieldsOf(model.GetType()))
        {
            var value = field.Reader.Read(model);
            var blank = value is string text && string.IsNullOrWhiteSpace(text);
            if (value is null || (blank && field.Required))
            {
                if (field.Required)
                {
                    errors.Add(field.Name, "is required.");
                }

                continue;
            }

            // An optional text sent empty is read as left out (Power Automate sends a field a user emptied that way),
            // unless a rule says a blank value is wrong there.
            if (blank && !field.ChecksBlank)
            {
                continue;
            }

            if (value is IList list && value is not string)
            {
                CheckItems(model, errors, field, list);
            }
            else
            {
                foreach (var rule in field.Rules)
                {
                    Add(errors, field.Name, rule.Check(value, model));
                }

                if (field.Nested)
                {
                    Check(value, errors.At(field.Name));
                }
            }
        }

        CheckGroups(model, errors);
        (model as IValidatable)?.Validate(errors);
    }

    private static void CheckGroups(object model, ValidationErrors errors)
    {
        foreach (var (group, members) in Groups.GetOrAdd(model.GetType(), FindGroups))
        {
            var given = new List<string>(members.Length);
            foreach (var member in members)
            {
                if (member.Reader.Read(model) is { } value
                    && (group.CountsEmpty || !(value is string text && string.IsNullOrWhiteSpace(text)) && value is not ICollection { Count: 0 }))
                {
                    given.Add(member.Name);
                }
            }

            group.Check(given, errors);
        }
    }

    /// <summary>Each group of the type with its members' accessors, in the group's order.</summary>
    private static (FieldGroupAttribute Group, Member[] Members)[] FindGroups(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(Name, StringComparer.Ordinal);
        return type.GetCustomAttributes<FieldGroupAttribute>(inherit: true)
            .Select(g => (g, g.Fields.Select(f => new Member(new PropertyReader(properties.GetValueOrDefault(f)
                ?? throw new InvalidOperationException($"{type.Name}'s field group names {f}, which it has no field called.")), f)).ToArray()))
            .ToArray();
    }

    /// <summary>
    /// Puts a valid <paramref name="model"/> and every model it holds in the form it is sent on: an optional text sent
    /// blank becomes left out, then the model's own <see cref="INormalizes"/>.
    /// </summary>
    public static void Normalize(object model)
    {
        var plan = NormalizePlans.GetOrAdd(model.GetType(), PlanNormalize);
        foreach (var field in plan.BlankAsLeftOut)
        {
            if (field.Reader.Read(model) is string text && string.IsNullOrWhiteSpace(text))
            {
                field.Property.SetValue(model, null);
            }
        }

        foreach (var field in plan.Nested)
        {
            switch (field.Reader.Read(model))
            {
                case IList list:
                    foreach (var item in list)
                    {
                        if (item is not null)
                        {
                            Normalize(item);
                        }
                    }

                    break;
                case { } value:
                    Normalize(value);
                    break;
            }
        }

        (model as INormalizes)?.Normalize();
    }

    /// <summary>
    /// What validation read as left out is left out for the provider too; where an empty value is a change (an edit that
    /// clears a field, <see cref="FieldGroupAttribute.CountsEmpty"/>), it stays.
    /// </summary>
    private static NormalizePlan PlanNormalize(Type type)
    {
        var clears = Groups.GetOrAdd(type, FindGroups).Where(g => g.Item1.CountsEmpty).SelectMany(g => g.Item1.Fields).ToHashSet(StringComparer.Ordinal);
        var fields = FieldsOf(type);
        return new NormalizePlan(
            [.. fields.Where(f => !f.Required && f.Property.CanWrite && f.Property.PropertyType == typeof(string) && !f.ChecksBlank && !clears.Contains(f.Name))],
            [.. fields.Where(f => f.Nested)]);
    }

    private static void CheckItems(object model, ValidationErrors errors, Field field, IList list)
    {
        foreach (var rule in field.Rules)
        {
            if (rule is ItemsAttribute)
            {
                Add(errors, field.Name, rule.Check(list, model));
            }
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { } item)
            {
                errors.Add(ItemName(field.Name, i), "is required.");
                continue;
            }

            foreach (var rule in field.Rules)
            {
                // A field that takes one value or a list of them (SerwerSMS's phone) is named as sent when it holds one.
                if (rule is not ItemsAttribute && rule.Check(item, model) is { } problem)
                {
                    errors.Add(field.OneOrMany && list.Count == 1 ? field.Name : ItemName(field.Name, i), problem);
                }
            }

            if (field.Nested)
            {
                Check(item, errors.AtItem(field.Name, i));
            }
        }
    }

    internal static string ItemName(string field, int index) => string.Create(CultureInfo.InvariantCulture, $"{field}[{index}]");

    private static void Add(ValidationErrors errors, string name, string? problem)
    {
        if (problem is not null)
        {
            errors.Add(name, problem);
        }
    }

    /// <summary>The types whose fields this thread is reading, so a model that holds its own type cannot recurse forever.</summary>
    [ThreadStatic]
    private static HashSet<Type>? _reading;

    private static Field[] FieldsOf(Type type)
    {
        if (Fields.TryGetValue(type, out var fields))
        {
            return fields;
        }

        _reading ??= [];
        if (!_reading.Add(type))
        {
            return [];
        }

        try
        {
            return Fields.GetOrAdd(type, Find(type));
        }
        finally
        {
            _reading.Remove(type);
        }
    }

    private static Field[] Find(Type type)
    {
        var requires = type.GetCustomAttribute<RequiresAttribute>(inherit: false)?.Fields ?? [];
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && !p.IsDefined(typeof(JsonIgnoreAttribute)))
            .Select(p => new Field(
                p,
                Name(p),
                // A route value is always there: sent blank, it is refused, never read as left out.
                p.GetCustomAttribute<ApiFieldAttribute>()?.Required == true || requires.Contains(Name(p))
                || p.IsDefined(typeof(Microsoft.AspNetCore.Mvc.FromRouteAttribute)),
                p.GetCustomAttributes<RuleAttribute>().ToArray(),
                IsModel(ItemType(p.PropertyType)),
                p.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType?.IsAssignableTo(typeof(Json.IReadsOneOrMany)) == true))
            .Where(f => f.Required || f.Rules.Length > 0 || f.Nested)
            .ToArray();
    }

    /// <summary>A request model this engine walks into: one that declares rules or checks itself.</summary>
    private static bool IsModel(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("MessagingConnectors", StringComparison.Ordinal) == true
        && (typeof(IValidatable).IsAssignableFrom(type) || typeof(INormalizes).IsAssignableFrom(type) || Declares(type));

    private static Type ItemType(Type type) =>
        type != typeof(string) && type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : type;

    public static string Name(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? Hosting.ParameterConventions.CallerName(property, property.Name);

    /// <summary>
    /// Another property of the model a rule checks (the country of a local number), read as fast as the rule's own; null
    /// where the model has no such property (a rule on a base class names one that only some kinds of message have).
    /// </summary>
    public static object? Read(object model, string property) =>
        Readers.GetOrAdd((model.GetType(), property), key => key.Item1.GetProperty(key.Item2) is { } found ? new PropertyReader(found).Read : _ => null)(model);

    private readonly record struct Member(PropertyReader Reader, string Name);

    private sealed record NormalizePlan(Field[] BlankAsLeftOut, Field[] Nested);

    private sealed record Field(PropertyInfo Property, string Name, bool Required, RuleAttribute[] Rules, bool Nested, bool OneOrMany)
    {
        public PropertyReader Reader { get; } = new(Property);

        public bool ChecksBlank { get; } = Rules.Any(r => r.ChecksBlank);
    }

    /// <summary>
    /// Reads a property by reflection at first and, once it has been read often, through a compiled delegate: validation
    /// runs on every request and reflection's GetValue costs there, but compiling every model's readers up front took a
    /// fifth of the app's start (and compiling them in the background still slowed the first answer on 2 cores).
    /// </summary>
    private sealed class PropertyReader(PropertyInfo property)
    {
        private const int ReadsBeforeCompiling = 64;

        private Func<object, object?>? _compiled;
        private int _reads;

        public object? Read(object model)
        {
            if (_compiled is { } compiled)
            {
                return compiled(model);
            }

            if (Interlocked.Increment(ref _reads) == ReadsBeforeCompiling)
            {
                _compiled = Compile(property);
            }

            return property.GetValue(model);
        }

        private static Func<object, object?> Compile(PropertyInfo property)
        {
            var model = System.Linq.Expressions.Expression.Parameter(typeof(object), "model");
            var value = System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Convert(model, property.DeclaringType!), property);
            return System.Linq.Expressions.Expression.Lambda<Func<object, object?>>(System.Linq.Expressions.Expression.Convert(value, typeof(object)), model).Compile();
        }
    }
}
