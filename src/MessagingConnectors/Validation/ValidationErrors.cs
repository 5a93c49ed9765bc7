using System.Globalization;

namespace MessagingConnectors.Validation;

/// <summary>
/// A request model with rules that tie its fields together, which a schema cannot state (send to a number or a list,
/// not both). Rules on one field are declared on the field (<see cref="RuleAttribute"/>), where the document reads them.
/// </summary>
public interface IValidatable
{
    void Validate(ValidationErrors errors);
}

/// <summary>A request model that puts valid input in the form it is sent on (E.164 numbers, defaults), once validation passed.</summary>
public interface INormalizes
{
    void Normalize();
}

/// <summary>
/// Collects field errors keyed by the caller's own field names ("messages[0].to"), and holds
/// the small set of rules every provider slice shares, so a rule is written once.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors;
    private readonly string _prefix;

    public ValidationErrors()
        : this(new Dictionary<string, List<string>>(StringComparer.Ordinal), "")
    {
    }

    private ValidationErrors(Dictionary<string, List<string>> errors, string prefix)
    {
        _errors = errors;
        _prefix = prefix;
    }

    public bool IsEmpty => _errors.Count == 0;

    /// <summary>The errors of a nested model: what it adds as <c>to</c> is kept as <c>messages[0].to</c>.</summary>
    public ValidationErrors At(string field) => new(_errors, _prefix + field + ".");

    public void Add(string field, string message)
    {
        var name = _prefix + field;
        if (!_errors.TryGetValue(name, out var messages))
        {
            _errors[name] = messages = [];
        }

        messages.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public bool Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required.");
            return false;
        }

        return true;
    }

    public bool Required<T>(string field, T? value) where T : class
    {
        if (value is null)
        {
            Add(field, "is required.");
            return false;
        }

        return true;
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be at most {max} characters (got {value.Length})."));
        }
    }

    public void MinLength(string field, string? value, int min)
    {
        if (value is not null && value.Trim().Length < min)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be at least {min} characters (got {value.Trim().Length})."));
        }
    }

    public void Range(string field, long? value, long min, long max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}."));
        }
    }

    public void Flag(string field, int? value)
    {
        if (value is { } v && v is not (0 or 1))
        {
            Add(field, "must be 0 or 1.");
        }
    }

    public void OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is not null && !allowed.Contains(value))
        {
            Add(field, $"must be one of: {string.Join(", ", allowed)}.");
        }
    }

    public void NoControlCharacters(string field, string? value, bool allowLineBreaks)
    {
        if (value is null)
        {
            return;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                Add(field, "must not contain control characters.");
                return;
            }
        }
    }
}
