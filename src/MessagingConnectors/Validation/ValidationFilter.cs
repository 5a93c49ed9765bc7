using MessagingConnectors.Hosting;

namespace MessagingConnectors.Validation;

/// <summary>Runs <see cref="IValidatable.Validate"/> on the endpoint's <typeparamref name="T"/> argument before the handler.</summary>
internal sealed class ValidationFilter<T> : IEndpointFilter where T : class, IValidatable
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is T request)
            {
                var errors = new ValidationErrors();
                request.Validate(errors);
                if (!errors.IsEmpty)
                {
                    return ValueTask.FromResult<object?>(Problems.Validation(errors.ToDictionary()));
                }
            }
        }

        return next(context);
    }
}

public static class ValidationEndpointExtensions
{
    /// <summary>Validates the <typeparamref name="T"/> body and answers 400 problem details naming each bad field.</summary>
    public static RouteHandlerBuilder Validates<T>(this RouteHandlerBuilder builder) where T : class, IValidatable =>
        // An instance: AddEndpointFilter<TFilter>() compiles an activator for each endpoint at startup.
        builder.AddEndpointFilter(new ValidationFilter<T>())
            .ProducesValidationProblem();
}
