rules cylce
