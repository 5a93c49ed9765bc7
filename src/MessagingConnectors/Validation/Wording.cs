namespace MessagingConnectors.Validation;

/// <summary>Small rules of English that messages share.</summary>
public static class Wording
{
    /// <summary>
    /// The word with "a" or "an" as it is spoken: "an MMS", "an XLSX" (the letter names start with a vowel sound),
    /// "a PDF", "an image", "a text".
    /// </summary>
    public static string WithArticle(string word)
    {
        if (word.Length == 0)
        {
            return word;
        }

        var acronym = word.Length > 1 && word.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
        var vowelSound = acronym ? "AEFHILMNORSX".Contains(word[0], StringComparison.Ordinal) : "aeiouAEIOU".Contains(word[0], StringComparison.Ordinal);
        return (vowelSound ? "an " : "a ") + word;
    }
}
