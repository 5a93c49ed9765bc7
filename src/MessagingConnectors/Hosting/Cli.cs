namespace MessagingConnectors.Hosting;

/// <summary>Commands the package script runs against the built app instead of serving it.</summary>
public static class Cli
{
    public const string WriteFunctions = "--write-functions";

    /// <summary>Runs a command and returns its exit code, or null when the arguments name none (serve normally).</summary>
    public static int? TryRun(WebApplication app, string[] args)
    {
        var index = Array.IndexOf(args, WriteFunctions);
        if (index < 0)
        {
            return null;
        }

        if (index + 1 >= args.Length)
        {
            Console.Error.WriteLine($"usage: MessagingConnectors {WriteFunctions} <directory>");
            return 2;
        }

        var functions = FunctionTable.From(((IEndpointRouteBuilder)app).DataSources);
        FunctionTable.Write(functions, args[index + 1]);
        Console.WriteLine($"wrote {functions.Count} functions to {args[index + 1]}");
        return 0;
    }
}
