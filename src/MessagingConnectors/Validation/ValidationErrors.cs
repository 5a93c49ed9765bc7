namespace MessagingConnectors.Validation;

/// <summary>
/// A request model with a rule no schema can state (a keyword required only for some kinds of match). Rules on one field
/// are declared on the field (<see cref="RuleAttribute"/>), rules on some fields together on the model
/// (<see cref="FieldGroupAttribute"/>); the document reads both.
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
/// Collects field errors keyed by the caller's own field names ("messages[0].to"). The rules themselves are declared on
/// the fields (<see cref="RuleAttribute"/>) or, where they tie fields together, in <see cref="IValidatable.Validate"/>.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors;
    private readonly ValidationErrors? _parent;
    private readonly string _field;
    private readonly int _index;
    private string? _prefix;

    public ValidationErrors()
        : this(new Dictionary<string, List<string>>(StringComparer.Ordinal), null, "", -1)
    {
        _prefix = "";
    }

    private ValidationErrors(Dictionary<string, List<string>> errors, ValidationErrors? parent, string field, int index)
    {
        _errors = errors;
        _parent = parent;
        _field = field;
        _index = index;
    }

    public bool IsEmpty => _errors.Count == 0;

    /// <summary>The errors of a nested model: what it adds as <c>to</c> is kept as <c>sender.to</c>.</summary>
    public ValidationErrors At(string field) => new(_errors, this, field, -1);

    /// <summary>The errors of one model in a list: what it adds as <c>to</c> is kept as <c>messages[0].to</c>.</summary>
    public ValidationErrors AtItem(string field, int index) => new(_errors, this, field, index);

    /// <summary>Worked out at the first error only: a valid request, the usual case, names nothing.</summary>
    private string Prefix => _prefix ??= _parent!.Prefix + (_index < 0 ? _field : DeclaredRules.ItemName(_field, _index)) + ".";

    public void Add(string field, string message)
    {
        var name = Prefix + field;
        if (!_errors.TryGetValue(name, out var messages))
        {
            _errors[name] = messages = [];
        }

        messages.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
