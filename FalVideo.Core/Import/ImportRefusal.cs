namespace FalVideo.Core.Import;

/// <summary>
/// Why a whole file was refused (nothing of it can be queued). <see cref="Code"/> is stable, <see cref="Title"/> and
/// <see cref="Detail"/> are English and say what to do; the UI localises by code with <see cref="Args"/>.
/// </summary>
public sealed record ImportRefusal(string Code, string Title, string Detail, IReadOnlyList<string> Args, int? Line = null)
{
    public const string FileEmpty = "file_empty";
    public const string NoRows = "no_rows";
    public const string NotText = "not_text";
    public const string TooLarge = "too_large";
    public const string TooManyRows = "too_many_rows";
    public const string UnknownEncoding = "unknown_encoding";
    public const string InvalidForEncoding = "invalid_for_encoding";
    public const string BrokenUtf8 = "broken_utf8";
    public const string NulCharacter = "nul_character";
    public const string DuplicateColumns = "duplicate_columns";
    public const string NoPromptColumn = "no_prompt_column";
    public const string NoHeader = "no_header";
    public const string NoHeaderPromptList = "no_header_prompt_list";
    public const string UnterminatedQuote = "unterminated_quote";
    public const string UnknownModel = "unknown_model";
    public const string InvalidDefaults = "invalid_defaults";
}
