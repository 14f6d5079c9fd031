using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FalVideo.Blazor.Api;

/// <summary>problem+json answers that name the field or the job and say what to do.</summary>
public static class Problems
{
    public static ProblemHttpResult Validation(IReadOnlyList<FieldError> fields) => TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The request has invalid fields",
        Detail = string.Join("; ", fields.Select(f => f.ToString())),
        Extensions =
        {
            ["errors"] = fields.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray()),
        },
    });

    public static ProblemHttpResult JobNotFound(Guid id) =>
        TypedResults.Problem($"There is no job {id}. It may have been deleted.", statusCode: StatusCodes.Status404NotFound, title: "Job not found");

    public static ProblemHttpResult NotReady(Guid id, string what) =>
        TypedResults.Problem($"Job {id} has no {what} yet (it may not exist, or has not completed).", statusCode: StatusCodes.Status404NotFound, title: $"No {what}");

    /// <summary>Runs a job action, turning "no such job" and illegal moves into 404 and 409.</summary>
    public static async Task<IResult> OnJobAsync(Guid id, Func<Task<JobView>> action)
    {
        try
        {
            return TypedResults.Ok(await action());
        }
        catch (KeyNotFoundException)
        {
            return JobNotFound(id);
        }
        catch (FalVideo.Core.Generation.GenerationException ex)
        {
            return TypedResults.Problem(ex.Error.Message, statusCode: StatusCodes.Status502BadGateway, title: "The provider did not accept the request");
        }
        catch (IllegalTransitionException ex)
        {
            return TypedResults.Problem($"Job {id} is '{ex.From.ToWire()}', so it cannot be {(ex.To == JobStatus.Pending ? "retried" : ex.To.ToWire())}.",
                statusCode: StatusCodes.Status409Conflict, title: "Not possible in this state");
        }
    }
}
