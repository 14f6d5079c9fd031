namespace FalVideo.Core.Catalog;

/// <summary>
/// One refused value: <see cref="Kind"/> and <see cref="Arguments"/> for a localized text, <see cref="Message"/> the
/// English reason without the field name ("must be between 2 and 50") as the API and the CSV importer report it.
/// </summary>
public sealed record FieldProblem(FieldProblemKind Kind, string Message, IReadOnlyList<object?> Arguments)
{
    public FieldProblem(FieldProblemKind kind, string message) : this(kind, message, []) { }

    public override string ToString() => Message;
}
