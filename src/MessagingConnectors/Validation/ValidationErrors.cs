using System.Globalization;

namespace MessagingConnectors.Validation;

/// <summary>A request model that checks its own fields and names each failing one by its JSON path.</summary>
public interface IValidatable
{
    void Validate(ValidationErrors errors);
}

/// <summary>
/// Collects field errors keyed by the caller's own field names ("messages[0].to"), and holds
/// the small set of rules every provider slice shares, so a rule is written once.
/// </summary>
public sealed class ValidationErrors
{
    private Dictionary<string, List<string>>? _errors;

    public bool IsEmpty => _errors is null;

    public void Add(string field, string message)
    {
        _errors ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors?.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal)
        ?? new Dictionary<string, string[]>();

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
