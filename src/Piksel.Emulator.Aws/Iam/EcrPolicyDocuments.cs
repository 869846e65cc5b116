namespace Piksel.Emulator.Aws.Iam;

/// <summary>The documents of the ECR managed policies nodes are given.</summary>
internal static class EcrPolicyDocuments
{
    /// <summary>AmazonEC2ContainerRegistryReadOnly v3.</summary>
    public const string ReadOnly = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": [
                "ecr:GetAuthorizationToken",
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:GetRepositoryPolicy",
                "ecr:DescribeRepositories",
                "ecr:ListImages",
                "ecr:DescribeImages",
                "ecr:BatchGetImage",
                "ecr:GetLifecyclePolicy",
                "ecr:GetLifecyclePolicyPreview",
                "ecr:ListTagsForResource",
                "ecr:DescribeImageScanFindings"
              ],
              "Resource": "*"
            }
          ]
        }
        """;
}
