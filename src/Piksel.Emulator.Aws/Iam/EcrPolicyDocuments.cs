namespace Piksel.Emulator.Aws.Iam;

/// <summary>AmazonEC2ContainerRegistryReadOnly v3.</summary>
internal static class EcrPolicyDocuments
{
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
