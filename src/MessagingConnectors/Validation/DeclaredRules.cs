using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;

namespace MessagingConnectors.Validation;

/// <summary>
/// Rules declared on a model's properties with data annotations, checked here and stated by the document from the same
/// attributes (Swashbuckle writes <see cref="RangeAttribute"/> as minimum and maximum), so the two cannot differ.
/// Each failure is named as the caller spells the field: its JSON name, its query name, or its name in snake_case.
/// </summary>
public static class DeclaredRules
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Name, RangeAttribute Range)[]> Ranges = new();

    /// <summary>Whether <paramref name="type"/> declares any rule here.</summary>
    public static bool Declares(Type type) => Ranges.GetOrAdd(type, Find).Length > 0;

    public static void Check(object model, ValidationErrors errors)
    {
        foreach (var (property, name, range) in Ranges.GetOrAdd(model.GetType(), Find))
        {
            if (property.GetValue(model) is not { } value)
            {
                continue;
            }

            var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
            var min = Convert.ToInt64(range.Minimum, CultureInfo.InvariantCulture);
            var max = Convert.ToInt64(range.Maximum, CultureInfo.InvariantCulture);
            if (max == int.MaxValue || max == long.MaxValue)
            {
                if (number < min)
                {
                    errors.Add(name, string.Create(CultureInfo.InvariantCulture, $"must be at least {min}."));
                }
            }
            else
            {
                errors.Range(name, number, min, max);
            }
        }
    }

    private static (PropertyInfo, string, RangeAttribute)[] Find(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Range: p.GetCustomAttribute<RangeAttribute>()))
            .Where(p => p.Range is not null)
            .Select(p => (p.Property, Name(p.Property), p.Range!))
            .ToArray();

    private static string Name(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? Hosting.ParameterConventions.CallerName(property, property.Name);
}
