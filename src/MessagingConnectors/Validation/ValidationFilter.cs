using MessagingConnectors.Hosting;

namespace MessagingConnectors.Validation;

/// <summary>
/// Checks the endpoint's <typeparamref name="T"/> argument before the handler with <see cref="DeclaredRules"/>: the rules
/// declared on its fields (which the document states too), then its cross-field <see cref="IValidatable.Validate"/>; a
/// request that passes is then normalised (<see cref="INormalizes"/>), so what follows sees it in the form it is sent on.
/// </summary>
internal sealed class ValidationFilter<T> : IEndpointFilter where T : class
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is T request)
            {
                var errors = new ValidationErrors();
                DeclaredRules.Check(request, errors);
                if (!errors.IsEmpty)
                {
                    return ValueTask.FromResult<object?>(Problems.Validation(errors.ToDictionary()));
                }

                DeclaredRules.Normalize(request);
            }
        }

        return next(context);
    }
}

public static class ValidationEndpointExtensions
{
    /// <summary>Validates the <typeparamref name="T"/> argument (a body or an <c>[AsParameters]</c> group) and answers 400 problem details naming each bad field.</summary>
    /// <remarks>
    /// Its rules are read at the endpoint's first request, not here: reading every model's attributes while the endpoints
    /// were mapped held up the app's start. <see cref="ValidatedModel"/> names the model for the test that each declares
    /// rules (<see cref="DeclaredRules.Prepare"/>).
    /// </remarks>
    public static RouteHandlerBuilder Validates<T>(this RouteHandlerBuilder builder) where T : class =>
        // An instance: AddEndpointFilter<TFilter>() compiles an activator for each endpoint at startup.
        builder.AddEndpointFilter(new ValidationFilter<T>())
            .WithMetadata(new ValidatedModel(typeof(T)))
            .ProducesValidationProblem();
}

/// <summary>The model an endpoint validates.</summary>
public sealed record ValidatedModel(Type Model);
