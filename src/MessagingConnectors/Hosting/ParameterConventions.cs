using System.Reflection;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Http.Metadata;

namespace MessagingConnectors.Hosting;

/// <summary>
/// What every endpoint's parameters follow, whichever provider it serves, declared once on the root group:
/// <list type="bullet">
/// <item>a whole-number id in the route is positive (the document says <c>minimum: 1</c>);</item>
/// <item>a number or true/false sent in the query with no value (<c>?page=</c>) is refused, not read as left out;</item>
/// <item>a value that does not parse as its type is refused (<see cref="ExceptionProblems.UnparsedParameter"/>).</item>
/// </list>
/// Each refusal is a 400 problem naming the parameter as the caller spells it. docs/conventions.md lists them.
/// </summary>
public static class ParameterConventions
{
    public const long MinimumId = 1;

    public static TBuilder FollowsParameterConventions<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create);

    /// <summary>The name a caller sends a parameter (or an <c>[AsParameters]</c> property) by.</summary>
    /// <remarks>
    /// Asks for the binding attributes only: this runs for every parameter of every endpoint when routing first builds
    /// them, and creating all of a member's attributes (its document attributes too) cost each attribute type a
    /// reflection stub compiled at the first request.
    /// </remarks>
    public static string BoundName(ICustomAttributeProvider member, string declaredName) =>
        member.GetCustomAttributes(typeof(IFromQueryMetadata), inherit: false).Cast<IFromQueryMetadata>().FirstOrDefault()?.Name
        ?? member.GetCustomAttributes(typeof(IFromRouteMetadata), inherit: false).Cast<IFromRouteMetadata>().FirstOrDefault()?.Name
        ?? declaredName;

    /// <summary>The name a problem gives a parameter: the bound name, in the API's snake_case.</summary>
    public static string CallerName(ICustomAttributeProvider member, string declaredName) =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(BoundName(member, declaredName));

    /// <summary>How a rule names a type: "a whole number", "true or false"; null for a type these conventions leave alone.</summary>
    public static string? Kind(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) => "a whole number",
        var t when t == typeof(bool) => "true or false",
        _ => null,
    };

    /// <summary>Whether <paramref name="raw"/> reads as <paramref name="type"/>, for a type <see cref="Kind"/> names.</summary>
    public static bool Parses(Type type, string raw) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => int.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
        var t when t == typeof(long) => long.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
        var t when t == typeof(bool) => bool.TryParse(raw, out _),
        _ => true,
    };

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var typed = new List<(int Index, string Bound, string Name, string Kind, bool IsWhole)>();
        var parameters = factory.MethodInfo.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var property in parameter.ParameterType.GetProperties())
                {
                    if (Kind(property.PropertyType) is { } propertyKind)
                    {
                        typed.Add((-1, BoundName(property, property.Name), CallerName(property, property.Name), propertyKind, false));
                    }
                }
            }
            else if (Kind(parameter.ParameterType) is { } kind)
            {
                var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                typed.Add((i, BoundName(parameter, parameter.Name!), CallerName(parameter, parameter.Name!), kind, type == typeof(int) || type == typeof(long)));
            }
        }

        if (typed.Count == 0)
        {
            return next;
        }

        return context =>
        {
            var request = context.HttpContext.Request;
            var errors = new ValidationErrors();
            foreach (var (index, bound, name, kind, isWhole) in typed)
            {
                if (request.RouteValues.ContainsKey(bound))
                {
                    if (isWhole && index >= 0 && Convert.ToInt64(context.Arguments[index], System.Globalization.CultureInfo.InvariantCulture) < MinimumId)
                    {
                        errors.Add(name, "must be a positive whole number.");
                    }
                }
                else if (request.Query.TryGetValue(bound, out var sent) && sent.All(string.IsNullOrEmpty))
                {
                    errors.Add(name, $"must be {kind}; it was sent empty (leave it out instead).");
                }
            }

            return errors.IsEmpty ? next(context) : ValueTask.FromResult<object?>(Problems.Validation(errors.ToDictionary()));
        };
    }
}
