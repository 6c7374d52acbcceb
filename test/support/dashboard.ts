/** The dashboard's query (issue 6; bench/dashboard-sql.ts has the bench's), as many projects as a test has. */
export const DASHBOARD = `{
  organisation { name }
  projects(first: 50) { nodes {
    id name status
    progress { percentComplete late }
    stages { id title status dueDate owner { id name kind } }
    evaluations { measures { name baseline target latest { value date } } }
  } }
}`;
