namespace FalVideo.Core.Jobs;

public enum JobSort
{
    NewestFirst,
    OldestFirst,
    RowNumber,
}
