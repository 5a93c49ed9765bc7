using MessagingConnectors.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MessagingConnectors.ClickSend;

/// <summary>Route ids must be positive: anything else is a 400 naming the id, never an upstream call.</summary>
internal static class Ids
{
    public static ProblemHttpResult? Problem(params (string Field, long Value)[] ids)
    {
        var errors = new Validation.ValidationErrors();
        foreach (var (field, value) in ids)
        {
            errors.Range(field, value, 1, long.MaxValue);
        }

        return errors.IsEmpty ? null : Problems.Validation(errors.ToDictionary());
    }
}
