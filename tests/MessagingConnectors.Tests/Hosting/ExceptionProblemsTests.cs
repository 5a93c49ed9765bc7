using MessagingConnectors.Hosting;

namespace MessagingConnectors.Tests.Hosting;

public class ExceptionProblemsTests
{
    [Theory]
    [InlineData("$.messages[0].to", "messages[0].to")]
    [InlineData("$.messages", "messages")]
    [InlineData("$.messages[12].custom_string", "messages[12].custom_string")]
    [InlineData("$", "body")]
    [InlineData("", "body")]
    public void FieldFromJsonPath(string path, string field) =>
        Assert.Equal(field, ExceptionProblems.FieldFromJsonPath(path));
}
